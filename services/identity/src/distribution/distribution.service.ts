import { Injectable } from '@nestjs/common';
import { DistributionCaller, DistributionPage, ServiceFailure, UserFilter } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { DistributionRepository } from './distribution.repository';
import { distributionRefusal } from './distribution.rules';

/** The selections mailmerge freezes into campaigns, always within the launcher's scope. */
@Injectable()
export class DistributionService {
  constructor(private readonly repository: DistributionRepository) {}

  async select(actor: Actor, filter: UserFilter, after: string | undefined, limit: number): Promise<DistributionPage> {
    const classes = await this.repository.schoolsOfClasses(filter.classIds ?? []);
    if (classes.length < new Set(filter.classIds ?? []).size) {
      throw new ServiceFailure('validation_failed', { issues: [{ field: 'filter.classIds', code: 'class.unknown' }] });
    }
    const refusal = distributionRefusal(actor, filter, classes.map((c) => c.schoolId));
    if (refusal) throw new ServiceFailure(refusal);
    const rows = await this.repository.page(actor, filter, after, limit);
    return { caller: await this.repository.caller(actor), rows, next: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  caller(actor: Actor): Promise<DistributionCaller> {
    return this.repository.caller(actor);
  }

  recordDistribution(accountIds: readonly string[], channel: 'pdf' | 'email', at: Date): Promise<number> {
    return this.repository.recordDistribution(accountIds, channel, at);
  }
}
