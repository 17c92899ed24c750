import { Inject, Injectable } from '@nestjs/common';
import { canReadReports } from '@sesame/account-rules';
import { ActivationReport, ServiceFailure } from '@sesame/contracts';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { DB, Db } from '../database/database.module';

interface CountRow {
  school_id: string;
  key: string;
  name: string | null;
  activated: number;
  not_activated: number;
}

/**
 * Activation by school, profile and class (SPEC §10). Counts the members who can be reached:
 * deactivated and pre-deleted accounts are left out. A class counts its students, their relatives
 * and its teachers.
 */
@Injectable()
export class ReportsService {
  constructor(@Inject(DB) private readonly db: Db) {}

  async activation(actor: Actor, schoolId?: string): Promise<ActivationReport> {
    if (!canReadReports(actor, schoolId)) throw new ServiceFailure('forbidden');
    const scope = schoolId ? [schoolId] : actor.role === 'manager' ? null : [...actor.schoolIds];

    let schoolsQuery = this.db.selectFrom('schools').select(['id', 'uai', 'name']).orderBy('name');
    if (scope) schoolsQuery = scope.length ? schoolsQuery.where('id', 'in', scope) : schoolsQuery.where(sql<boolean>`false`);
    const schools = await schoolsQuery.execute();
    if (schools.length === 0) {
      if (schoolId) throw new ServiceFailure('not_found');
      return { schools: [] };
    }
    const ids = sql`${sql.val(schools.map((s) => s.id))}::uuid[]`;
    const reachable = sql`a.role = 'member' AND a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL`;

    const byProfile = await sql<CountRow>`
      SELECT x.school_id, a.profile AS key, NULL AS name,
             count(*) FILTER (WHERE a.activated_at IS NOT NULL)::int AS activated,
             count(*) FILTER (WHERE a.activated_at IS NULL)::int AS not_activated
      FROM account_schools x JOIN accounts a ON a.id = x.account_id
      WHERE x.school_id = ANY(${ids}) AND ${reachable}
      GROUP BY x.school_id, a.profile`.execute(this.db);
    const byClass = await sql<CountRow>`
      SELECT c.school_id, c.id::text AS key, c.name,
             count(*) FILTER (WHERE a.activated_at IS NOT NULL)::int AS activated,
             count(*) FILTER (WHERE a.activated_at IS NULL)::int AS not_activated
      FROM classes c JOIN account_classes x ON x.class_id = c.id JOIN accounts a ON a.id = x.account_id
      WHERE c.school_id = ANY(${ids}) AND ${reachable}
      GROUP BY c.school_id, c.id, c.name
      ORDER BY c.name COLLATE "fr-x-icu"`.execute(this.db);

    return {
      schools: schools.map((school) => {
        const profiles = byProfile.rows.filter((r) => r.school_id === school.id);
        return {
          ...school,
          activated: profiles.reduce((sum, r) => sum + r.activated, 0),
          notActivated: profiles.reduce((sum, r) => sum + r.not_activated, 0),
          byProfile: profiles
            .map((r) => ({ profile: r.key as ActivationReport['schools'][number]['byProfile'][number]['profile'], activated: r.activated, notActivated: r.not_activated }))
            .sort((a, b) => a.profile.localeCompare(b.profile)),
          byClass: byClass.rows
            .filter((r) => r.school_id === school.id)
            .map((r) => ({ classId: r.key, name: r.name ?? '', activated: r.activated, notActivated: r.not_activated })),
        };
      }),
    };
  }
}
