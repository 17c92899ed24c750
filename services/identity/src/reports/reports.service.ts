import { Injectable } from '@nestjs/common';
import { canReadReports } from '@sesame/account-rules';
import { ActivationReport, ServiceFailure, byProfileOrder } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { ReportsRepository } from './reports.repository';

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

    return {
      schools: schools.map((school) => {
        const profiles = byProfile.filter((r) => r.school_id === school.id);
        return {
          ...school,
          activated: profiles.reduce((sum, r) => sum + r.activated, 0),
          notActivated: profiles.reduce((sum, r) => sum + r.not_activated, 0),
          byProfile: profiles
            .map((r) => ({ profile: r.key as Profile, activated: r.activated, notActivated: r.not_activated }))
            .sort((a, b) => byProfileOrder(a.profile, b.profile)),
          byClass: byClass
            .filter((r) => r.school_id === school.id)
            .map((r) => ({ classId: r.key, name: r.name ?? '', activated: r.activated, notActivated: r.not_activated })),
        };
      }),
    };
  }
}
