import { Injectable } from '@nestjs/common';
import { DistributionCaller, DistributionPage, DistributionTally, ServiceFailure, UserFilter } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { LifecycleRepository, NoticeKind } from '../lifecycle/lifecycle.repository';
import { DistributionRepository } from './distribution.repository';
import { distributionRefusal } from './distribution.rules';

/** The selections mailmerge freezes into campaigns, always within the launcher's scope. */
@Injectable()
export class DistributionService {
  constructor(
    private readonly repository: DistributionRepository,
    private readonly lifecycle: LifecycleRepository,
  ) {}

  /** A page of the selection, by account id, within `range` (after `after`, up to `upTo` included). */
  async select(actor: Actor, filter: UserFilter, range: { after?: string; upTo?: string }, limit: number): Promise<DistributionPage> {
    await this.checkSelection(actor, filter);
    const rows = await this.repository.page(actor, filter, range.after, limit, range.upTo);
    return { caller: await this.repository.caller(actor), rows, next: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  async tally(actor: Actor, filter: UserFilter): Promise<DistributionTally> {
    await this.checkSelection(actor, filter);
    return { caller: await this.repository.caller(actor), groups: await this.repository.tally(actor, filter) };
  }

  /** Refuses a selection the caller may not distribute (see distributionRefusal), or one naming an unknown class. */
  private async checkSelection(actor: Actor, filter: UserFilter): Promise<void> {
    const classes = await this.repository.schoolsOfClasses(filter.classIds ?? []);
    if (classes.length < new Set(filter.classIds ?? []).size) {
      throw new ServiceFailure('validation_failed', { issues: [{ field: 'filter.classIds', code: 'class.unknown' }] });
    }
    const refusal = distributionRefusal(actor, filter, classes.map((c) => c.schoolId));
    if (refusal) throw new ServiceFailure(refusal);
  }

  caller(actor: Actor): Promise<DistributionCaller> {
    return this.repository.caller(actor);
  }

  recordDistribution(accountIds: readonly string[], channel: 'pdf' | 'email', at: Date): Promise<number> {
    return this.repository.recordDistribution(accountIds, channel, at);
  }

  /** A leaver's notice mailmerge sent or saw refused; false when the account is gone since. */
  recordNotice(report: { userId: string; kind: NoticeKind; on: Date; outcome: 'sent' | 'refused'; at: Date }): Promise<boolean> {
    return this.lifecycle.noticeDelivered(report.userId, report.kind, report.on, report.outcome, report.at);
  }
}
