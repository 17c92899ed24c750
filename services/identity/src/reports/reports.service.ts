import { Injectable } from '@nestjs/common';
import { canReadReports } from '@sesame/account-rules';
import { ActivationReport, ServiceFailure, byProfileOrder } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { CountRow, ReportsRepository } from './reports.repository';

type Profile = ActivationReport['schools'][number]['byProfile'][number]['profile'];

/** Activation by school, profile (in PROFILE_ORDER: the French labels' order) and class (SPEC §10), within the caller's scope. */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async activation(actor: Actor, schoolId?: string): Promise<ActivationReport> {
    if (!canReadReports(actor, schoolId)) throw new ServiceFailure('forbidden');
    const scope = schoolId ? [schoolId] : actor.role === 'manager' ? null : [...actor.schoolIds];

    const schools = await this.reports.schools(scope);
    if (schools.length === 0) {
      if (schoolId) throw new ServiceFailure('not_found');
      return { schools: [] };
    }
    const ids = schools.map((s) => s.id);
    const [byProfile, byClass] = await Promise.all([this.reports.countsByProfile(ids), this.reports.countsByClass(ids)]);
    // Grouped once: the académie has thousands of schools and tens of thousands of classes.
    const profilesOf = groupBySchool(byProfile);
    const classesOf = groupBySchool(byClass);

    return {
      schools: schools.map((school) => {
        const profiles = profilesOf.get(school.id) ?? [];
        return {
          ...school,
          activated: profiles.reduce((sum, r) => sum + r.activated, 0),
          notActivated: profiles.reduce((sum, r) => sum + r.not_activated, 0),
          byProfile: profiles
            .map((r) => ({ profile: r.key as Profile, activated: r.activated, notActivated: r.not_activated }))
            .sort((a, b) => byProfileOrder(a.profile, b.profile)),
          byClass: (classesOf.get(school.id) ?? []).map((r) => ({ classId: r.key, name: r.name ?? '', activated: r.activated, notActivated: r.not_activated })),
        };
      }),
    };
  }
}

/** The rows of each school, in the order they came. */
function groupBySchool(rows: readonly CountRow[]): Map<string, CountRow[]> {
  const groups = new Map<string, CountRow[]>();
  for (const row of rows) {
    const group = groups.get(row.school_id);
    if (group) group.push(row);
    else groups.set(row.school_id, [row]);
  }
  return groups;
}
