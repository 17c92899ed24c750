import { Injectable } from '@nestjs/common';
import { canCreateSchool, inScope, mayEver, wrongUaiCheckLetter } from '@sesame/account-rules';
import { ClassView, SchoolView, ServiceFailure, invalidField } from '@sesame/contracts';
import { isUniqueViolation } from '@sesame/database';
import type { Actor } from '../auth/actor';
import { ClassRow, SchoolRow } from '../database/schema';
import { SchoolsRepository } from './schools.repository';
import { ChangeRecorder } from '../audit/change-recorder';

const schoolView = (s: SchoolRow): SchoolView => ({
  id: s.id,
  uai: s.uai,
  name: s.name,
  city: s.city,
  createdAt: s.created_at.toISOString(),
});
const classView = (c: ClassRow): ClassView => ({ id: c.id, schoolId: c.school_id, name: c.name });

/** Schools (by UAI) and their classes. The manager creates schools; their administrators add classes. */
@Injectable()
export class SchoolsService {
  constructor(
    private readonly changes: ChangeRecorder,
    private readonly schools: SchoolsRepository,
  ) {}

  async list(actor: Actor): Promise<SchoolView[]> {
    const rows = await this.schools.list(actor.role === 'manager' ? undefined : actor.schoolIds);
    return rows.map(schoolView);
  }

  async create(actor: Actor, input: { uai: string; name: string; city?: string }): Promise<SchoolView> {
    if (!canCreateSchool(actor)) throw new ServiceFailure('forbidden');
    const letter = wrongUaiCheckLetter(input.uai);
    if (letter) throw invalidField('uai', 'uai.check', { uai: input.uai, letter });
    return this.changes.record(async ({ trx, audit }) => {
      try {
        const school = await this.schools.insert({ uai: input.uai, name: input.name, city: input.city ?? null }, trx);
        await audit({ actorId: actor.id, action: 'school.create', targetId: school.id, after: schoolView(school) });
        return schoolView(school);
      } catch (error) {
        if (isUniqueViolation(error, 'schools_uai_key')) throw invalidField('uai', 'uai.taken', { uai: input.uai });
        throw error;
      }
    });
  }

  async classes(actor: Actor, schoolId: string): Promise<ClassView[]> {
    await this.assertSchoolVisible(actor, schoolId);
    return (await this.schools.classes(schoolId)).map(classView);
  }

  async createClass(actor: Actor, input: { schoolId: string; name: string }): Promise<ClassView> {
    if (!mayEver(actor.role, 'createClass')) throw new ServiceFailure('forbidden');
    await this.assertSchoolVisible(actor, input.schoolId);
    return this.changes.record(async ({ trx, audit }) => {
      try {
        const created = await this.schools.insertClass({ school_id: input.schoolId, name: input.name }, trx);
        await audit({ actorId: actor.id, action: 'class.create', targetId: created.id, after: classView(created) });
        return classView(created);
      } catch (error) {
        if (isUniqueViolation(error, 'classes_school_name_key')) throw invalidField('name', 'class.taken', { name: input.name });
        throw error;
      }
    });
  }

  private async assertSchoolVisible(actor: Actor, schoolId: string): Promise<void> {
    if (!inScope(actor, schoolId)) throw new ServiceFailure('forbidden');
    if (!(await this.schools.findById(schoolId))) throw new ServiceFailure('not_found');
  }
}
