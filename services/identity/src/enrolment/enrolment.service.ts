import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { lifecycleDates } from '@sesame/account-rules';
import { EnrolmentEvent, IdentityEvents } from '@sesame/contracts';
import { PoisonMessage, SplitBatch } from '@sesame/messaging';
import { Counter } from 'prom-client';
import { EnrolmentContextRepository } from './enrolment-context.repository';
import { EnrolmentPlan, KnownAccount, planEnrolment } from './enrolment.planner';
import { databaseRefusal, isUniqueViolation } from './enrolment.refusals';
import { EnrolmentRepository } from './enrolment.repository';
import { Change, ChangeRecorder } from '../audit/change-recorder';
import { LifecycleRepository, PolicyRow } from '../lifecycle/lifecycle.repository';

const outcomes = new Counter({
  name: 'sesame_enrolment_events_total',
  help: 'Enrolment events by outcome: applied, stale (each of its facts already set by a newer event), duplicate, dead (dead-lettered)',
  labelNames: ['outcome'],
});

export interface BatchOutcome {
  applied: number;
  stale: number;
  duplicates: number;
  /** Events that can never apply, by id, with the reason (the others were committed). */
  refused: Map<string, string>;
}

/**
 * Applies enrolment events (SPEC §7) a batch at a time, in one transaction: the ids are claimed
 * (duplicates and replays change nothing), the changes planned fact by fact and written in a few
 * statements, with their domain events. The consumer acks only after the commit, and dead-letters
 * the refused events.
 */
@Injectable()
export class EnrolmentService {
  private readonly logger = new Logger(EnrolmentService.name);

  constructor(
    private readonly changes: ChangeRecorder,
    private readonly repository: EnrolmentRepository,
    private readonly contexts: EnrolmentContextRepository,
    private readonly lifecycle: LifecycleRepository,
  ) {}

  async apply(events: EnrolmentEvent[]): Promise<BatchOutcome> {
    let outcome: BatchOutcome;
    try {
      outcome = await this.changes.record((change) => this.applyIn(change, events));
    } catch (error) {
      // What the planner cannot see (a constraint, a data error) is about one event, not known which:
      // the consumer splits the batch until the event is alone, then it is dead-lettered.
      const reason = databaseRefusal(error);
      if (!reason) throw error;
      if (events.length > 1) throw new SplitBatch(reason);
      if (isUniqueViolation(error)) throw error;
      outcomes.inc({ outcome: 'dead' });
      this.logger.warn({ eventId: events[0].eventId, type: events[0].type, reason }, 'Enrolment event refused');
      throw new PoisonMessage(reason);
    }
    outcomes.inc({ outcome: 'applied' }, outcome.applied);
    outcomes.inc({ outcome: 'stale' }, outcome.stale);
    outcomes.inc({ outcome: 'duplicate' }, outcome.duplicates);
    outcomes.inc({ outcome: 'dead' }, outcome.refused.size);
    for (const [eventId, reason] of outcome.refused) this.logger.warn({ eventId, reason }, 'Enrolment event refused');
    return outcome;
  }

  private async applyIn(change: Change, events: EnrolmentEvent[]): Promise<BatchOutcome> {
    const { trx } = change;
    const fresh = await this.repository.claim(trx, events);
    // Each new event once (a duplicate inside the batch counts as a duplicate).
    const todo = events.filter((e) => fresh.delete(e.eventId));
    const duplicates = events.length - todo.length;
    if (todo.length === 0) return { applied: 0, stale: 0, duplicates, refused: new Map() };
    const context = await this.contexts.context(trx, todo, randomUUID);
    const plan = planEnrolment(todo, context);
    const refused = new Map(plan.refused.map(({ event, reason }) => [event.eventId, reason]));
    await this.repository.unclaim(trx, [...refused.keys()]);
    const { reactivated } = await this.repository.apply(trx, plan);
    await this.record(change, plan, reactivated, await this.lifecycle.policy(trx));
    return { applied: plan.applied.length, stale: plan.stale.length, duplicates, refused };
  }

  /**
   * Identity's own events. The trace of the stream is enrolment_events (id, type, when); no audit row
   * per event: the audit log records administrators' changes.
   */
  private async record(change: Change, plan: EnrolmentPlan, reactivated: Set<string>, policy: PolicyRow[]): Promise<void> {
    const now = Date.now();
    const leftAtOf = (id: string) => new Date(Math.min(plan.leftAt.get(id) ?? now, now));
    const ref = (a: KnownAccount) => ({
      userId: a.id,
      username: a.username!,
      role: 'member' as const,
      profile: a.profile,
      schoolIds: a.schoolIds,
      actorId: null,
    });
    const created = new Set(plan.creates.map((a) => a.id));
    const changed = new Set([...plan.updated, ...plan.memberships].filter((id) => !created.has(id)));
    await change.events([
      ...plan.creates.map((a) => ({ definition: IdentityEvents.userCreated, data: ref(a) })),
      ...[...changed].map((id) => ({
        definition: IdentityEvents.userUpdated,
        data: { ...ref(plan.accounts.get(id)!), fields: plan.memberships.has(id) ? ['schools', 'classes'] : ['names'] },
      })),
      ...[...plan.preDelete].flatMap((id) => {
        const account = plan.accounts.get(id)!;
        const delays = policy.find((p) => p.profile === account.profile);
        if (!delays) return [];
        const leftAt = leftAtOf(id);
        const dates = lifecycleDates(leftAt, delays);
        return [
          {
            definition: IdentityEvents.userLeaving,
            data: { ...ref(account), leftAt: leftAt.toISOString(), deactivateOn: dates.deactivateOn.toISOString(), deleteOn: dates.deleteOn.toISOString() },
          },
        ];
      }),
      ...[...plan.restore].map((id) => ({ definition: reactivated.has(id) ? IdentityEvents.userReactivated : IdentityEvents.userRestored, data: ref(plan.accounts.get(id)!) })),
    ]);
  }
}
