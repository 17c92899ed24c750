import { Injectable } from '@nestjs/common';
import type { EnrolmentEvent, Profile, Role } from '@sesame/contracts';
import { sql } from 'kysely';
import type { Db } from '../database/database.module';
import { Fact, FactName, PersonKey, personKey } from './enrolment.facts';
import { KnownAccount, PlanningContext } from './enrolment.planner';
import { peopleOf } from './enrolment.refusals';

export const arr = (values: readonly string[], type = 'text') => sql`${sql.val([...values])}::${sql.raw(type)}[]`;

interface AccountState {
  id: string;
  source: string | null;
  external_id: string | null;
  username: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  role: Role;
  profile: Profile | null;
  pre_deleted: boolean;
  school_ids: string[];
  class_ids: string[];
}

/** Reads what planning a batch needs, in a few statements per batch. */
@Injectable()
export class EnrolmentContextRepository {
  async context(trx: Db, events: EnrolmentEvent[], newId: () => string): Promise<PlanningContext> {
    const uais = [...new Set(events.flatMap((e) => ('school' in e ? [e.school.uai] : [])))];
    const schools = uais.length ? await trx.selectFrom('schools').select(['id', 'uai']).where('uai', 'in', uais).execute() : [];
    const schoolByUai = new Map(schools.map((s) => [s.uai, s.id]));

    const people = [...new Map(events.flatMap(peopleOf).map((p) => [personKey(p.source, p.externalId), p])).values()];
    const sources = arr(people.map((p) => p.source));
    const externalIds = arr(people.map((p) => p.externalId));
    const states = await this.states(trx, sql`(a.source, a.external_id) IN (SELECT * FROM unnest(${sources}, ${externalIds}))`);
    const facts = await sql<{ source: string; external_id: string; fact: FactName; occurred_at: Date; event_id: string; value: Fact['value'] }>`
      SELECT f.source, f.external_id, f.fact, f.occurred_at, f.event_id, f.value FROM enrolment_facts f
      WHERE (f.source, f.external_id) IN (SELECT * FROM unnest(${sources}, ${externalIds}))`.execute(trx);

    // Relatives leave with their last child and come back with the first: load the links of the
    // relatives named in this batch, and of the relatives of students who may leave or come back.
    const idOf = (source: string, externalId: string) => states.get(personKey(source, externalId));
    const mayFlip = events.flatMap((e) => {
      const student = e.type === 'student.left' || e.type === 'student.enrolled' ? idOf(e.source, e.student.externalId) : undefined;
      return student && (e.type === 'student.left' || student.pre_deleted) ? [student.id] : [];
    });
    const namedRelatives = events
      .flatMap((e) => (e.type === 'student.enrolled' ? e.relatives.map((r) => idOf(e.source, r.externalId)?.id) : []))
      .filter((id): id is string => Boolean(id));
    const relativesOf = new Map<string, string[]>();
    const childrenOf = new Map<string, string[]>();
    if (mayFlip.length || namedRelatives.length) {
      // Two index lookups joined by UNION (an OR of both would scan every link).
      const links = await sql<{ relative_id: string; student_id: string }>`
        SELECT l.relative_id, l.student_id FROM relative_links l WHERE l.relative_id = ANY(${arr(namedRelatives, 'uuid')})
        UNION
        SELECT l.relative_id, l.student_id FROM relative_links k JOIN relative_links l ON l.relative_id = k.relative_id
        WHERE k.student_id = ANY(${arr(mayFlip, 'uuid')})`.execute(trx);
      for (const { relative_id, student_id } of links.rows) {
        childrenOf.set(relative_id, [...(childrenOf.get(relative_id) ?? []), student_id]);
        relativesOf.set(student_id, [...(relativesOf.get(student_id) ?? []), relative_id]);
      }
      const known = new Set([...states.values()].map((s) => s.id));
      const missing = [...new Set([...childrenOf.keys(), ...links.rows.map((l) => l.student_id)])].filter((id) => !known.has(id));
      if (missing.length) {
        for (const [key, state] of await this.states(trx, sql`a.id = ANY(${arr(missing, 'uuid')})`)) states.set(key, state);
      }
    }

    const accounts = new Map<PersonKey, KnownAccount>();
    const preDeletedIds = new Set<string>();
    const classIds = new Set<string>();
    for (const [key, s] of states) {
      accounts.set(key, {
        id: s.id,
        key,
        source: s.source ?? '',
        externalId: s.external_id ?? s.id,
        username: s.username,
        firstName: s.first_name,
        lastName: s.last_name,
        email: s.email,
        role: s.role,
        profile: s.profile,
        preDeleted: s.pre_deleted,
        schoolIds: s.school_ids,
        classIds: s.class_ids,
      });
      if (s.pre_deleted) preDeletedIds.add(s.id);
      s.class_ids.forEach((id) => classIds.add(id));
    }
    const factsByPerson = new Map<PersonKey, Map<FactName, Fact>>();
    for (const f of facts.rows) {
      const key = personKey(f.source, f.external_id);
      const byName = factsByPerson.get(key) ?? new Map<FactName, Fact>();
      factsByPerson.set(key, byName);
      byName.set(f.fact, { version: { at: f.occurred_at.getTime(), eventId: f.event_id }, value: f.value } as Fact);
    }

    const wanted = events.flatMap((e) => {
      const school = 'school' in e ? schoolByUai.get(e.school.uai) : undefined;
      if (!school) return [];
      if (e.type === 'student.enrolled' || e.type === 'student.transferred') return [{ schoolId: school, name: e.className }];
      if (e.type === 'staff.assigned') return e.classNames.map((name) => ({ schoolId: school, name }));
      return [];
    });
    const classes = await this.ensureClasses(trx, wanted);
    const existingClasses = classIds.size
      ? await trx.selectFrom('classes').select(['id', 'school_id']).where('id', 'in', [...classIds]).execute()
      : [];
    const schoolOfClass = new Map(existingClasses.map((c) => [c.id, c.school_id]));
    for (const [compound, id] of classes) schoolOfClass.set(id, compound.split('/')[0]);

    return {
      accounts,
      facts: factsByPerson,
      schoolByUai,
      classId: (schoolId, name) => classes.get(`${schoolId}/${name}`),
      schoolOfClass: (id) => schoolOfClass.get(id),
      relativesOf,
      childrenOf,
      preDeletedIds,
      newId,
    };
  }

  /** Classes come from the information systems: the ones named for the first time are created. */
  private async ensureClasses(trx: Db, wanted: Array<{ schoolId: string; name: string }>): Promise<Map<string, string>> {
    const unique = [...new Map(wanted.map((w) => [`${w.schoolId}/${w.name}`, w])).values()];
    if (unique.length === 0) return new Map();
    const schoolIds = arr(unique.map((w) => w.schoolId), 'uuid');
    const names = arr(unique.map((w) => w.name));
    await sql`
      INSERT INTO classes (school_id, name) SELECT * FROM unnest(${schoolIds}, ${names})
      ON CONFLICT ON CONSTRAINT classes_school_name_key DO NOTHING`.execute(trx);
    const { rows } = await sql<{ id: string; school_id: string; name: string }>`
      SELECT c.id, c.school_id, c.name FROM classes c WHERE (c.school_id, c.name) IN (SELECT * FROM unnest(${schoolIds}, ${names}))`.execute(trx);
    return new Map(rows.map((r) => [`${r.school_id}/${r.name}`, r.id]));
  }

  private async states(trx: Db, where: ReturnType<typeof sql>): Promise<Map<PersonKey, AccountState>> {
    const { rows } = await sql<AccountState>`
      SELECT a.id, a.source, a.external_id, a.username, a.first_name, a.last_name, a.email, a.role, a.profile,
             -- Away: left (the leavers' calendar runs, docs/lifecycle.md) or pre-deleted by an administrator.
             (a.left_at IS NOT NULL OR a.pre_deleted_at IS NOT NULL) AS pre_deleted,
             coalesce((SELECT array_agg(s.school_id) FROM account_schools s WHERE s.account_id = a.id AND NOT s.inherited), '{}') AS school_ids,
             coalesce((SELECT array_agg(c.class_id) FROM account_classes c WHERE c.account_id = a.id AND NOT c.inherited), '{}') AS class_ids
      FROM accounts a WHERE ${where}`.execute(trx);
    return new Map(rows.map((r) => [personKey(r.source ?? '', r.external_id ?? r.id), r]));
  }
}
