import { Injectable, Logger } from '@nestjs/common';
import { LEGAL_MAX_LIFECYCLE_DAYS, canReactivate, checkLifecycleDelays, lifecycleDates, mayEver } from '@sesame/account-rules';
import {
  AccountLifecycle,
  IdentityEvents,
  LifecyclePolicy,
  LifecycleSimulation,
  LifecycleStepSchema,
  ServiceFailure,
  SetLifecyclePolicySchema,
  SimulateLifecycleSchema,
} from '@sesame/contracts';
import type { z } from 'zod';
import { AccountDetails, AccountsRepository } from '../accounts/accounts.repository';
import { auditSnapshot, eventRef } from '../accounts/user-view';
import type { Actor } from '../auth/actor';
import { ActorService } from '../auth/actor.service';
import { ChangeRecorder } from '../audit/change-recorder';
import { AccountAccess } from '../users/account-access';
import { SelectionRepository } from '../users/selection.repository';
import { DueStep, LifecycleRepository, NoticeKind, NoticeRow, PolicyRow } from './lifecycle.repository';

/** Leavers moved per transaction by the scheduled run. */
const RUN_BATCH = 5_000;

type Step = z.infer<typeof LifecycleStepSchema>;

/**
 * The leavers' calendar (issue 16): the manager's policy within the legal limit, departures and
 * returns, the simulator ("deactivated on …, deleted on …"), and the scheduled run that moves each
 * leaver through deactivation and pre-deletion on its dates (the purge then deletes).
 */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);

  constructor(
    private readonly repository: LifecycleRepository,
    private readonly accounts: AccountsRepository,
    private readonly access: AccountAccess,
    private readonly changes: ChangeRecorder,
    private readonly actors: ActorService,
    private readonly selection: SelectionRepository,
  ) {}

  async policy(actor: Actor): Promise<LifecyclePolicy> {
    if (!mayEver(actor.role, 'listAccounts')) throw new ServiceFailure('forbidden');
    return this.view(await this.repository.policy());
  }

  /** Refused whole when one profile's delays are invalid or add up past the legal limit; audited with the policy before and after. */
  async setPolicy(actor: Actor, input: z.infer<typeof SetLifecyclePolicySchema>, requestId?: string): Promise<LifecyclePolicy> {
    if (!mayEver(actor.role, 'setLifecyclePolicy')) throw new ServiceFailure('forbidden');
    const issues = input.profiles.flatMap((entry, i) => checkLifecycleDelays(pick(entry), `profiles.${i}.`));
    if (issues.length) throw new ServiceFailure('validation_failed', { issues });
    const after = await this.changes.record(async ({ trx, audit, event }) => {
      const before = await this.repository.policy(trx);
      await this.repository.setPolicy(trx, input.profiles.map((e) => ({ profile: e.profile, ...pick(e), noticeDays: e.noticeDays })), actor.id);
      const now = await this.repository.policy(trx);
      await audit({ actorId: actor.id, action: 'lifecycle.policy', targetId: null, before: before.map(plain), after: now.map(plain), requestId });
      await event(IdentityEvents.lifecyclePolicyChanged, { profiles: now.map(plain), actorId: actor.id });
      return now;
    });
    return this.view(after);
  }

  /** The account's calendar, or what a departure today would give it. */
  async ofUser(actor: Actor, id: string): Promise<AccountLifecycle> {
    const account = await this.access.visible(actor, id);
    return this.calendar(account, await this.repository.policy());
  }

  /** The simulator for a selection: within the caller's scope, what a departure on `leftAt` (today) would give. */
  async simulate(actor: Actor, input: z.infer<typeof SimulateLifecycleSchema>): Promise<LifecycleSimulation> {
    if (!mayEver(actor.role, 'listAccounts')) throw new ServiceFailure('forbidden');
    const leftAt = input.leftAt ? new Date(input.leftAt) : new Date();
    const { outside, groups } = await this.repository.simulate(this.selection.candidates(actor, input.filter), leftAt);
    return {
      total: outside + groups.reduce((n, g) => n + g.count, 0),
      outside,
      groups: groups.map((g) => ({ ...g, deactivateOn: g.deactivateOn.toISOString(), deleteOn: g.deleteOn.toISOString() })),
    };
  }

  /** An administrator records a departure: the account stays active, flagged as leaving, until its toleration ends. */
  async depart(actor: Actor, id: string, leftAt: Date | undefined, requestId?: string): Promise<AccountLifecycle> {
    const account = await this.access.manageable(actor, id);
    if (account.role !== 'member') throw new ServiceFailure('conflict', { params: { reason: 'only_members' } });
    if (account.left_at) return this.calendar(account, await this.repository.policy());
    const when = leftAt ?? new Date();
    if (when.getTime() > Date.now()) throw new ServiceFailure('validation_failed', { issues: [{ field: 'leftAt', code: 'lifecycle.departure_in_future' }] });
    const policy = await this.repository.policy();
    const after = await this.changes.record(async ({ trx, audit, event }) => {
      if (!(await this.repository.depart(trx, id, when))) return (await this.accounts.findDetails(id, trx))!;
      const details = (await this.accounts.findDetails(id, trx))!;
      const dates = this.datesOf(details, policy)!;
      await audit({ actorId: actor.id, action: 'user.depart', targetId: id, before: auditSnapshot(account), after: { ...auditSnapshot(details), leftAt: when.toISOString() }, requestId });
      await event(IdentityEvents.userLeaving, {
        ...eventRef(details, actor.id),
        leftAt: when.toISOString(),
        deactivateOn: dates.deactivateOn.toISOString(),
        deleteOn: dates.deleteOn.toISOString(),
      });
      return details;
    });
    return this.calendar(after, policy);
  }

  /**
   * A return before deletion: the departure is forgotten, and what the calendar did is undone (the
   * account is active again with the same login and password). Undoing a deactivation is the
   * manager's, as a reactivation is.
   */
  async comeBack(actor: Actor, id: string, requestId?: string): Promise<AccountLifecycle> {
    const account = await this.access.manageable(actor, id);
    if (!account.left_at) throw new ServiceFailure('conflict', { params: { reason: 'not_leaving' } });
    if ((account.deactivated_at || account.pre_deleted_at) && !canReactivate(actor)) throw new ServiceFailure('forbidden');
    const after = await this.changes.record(async ({ trx, audit, event }) => {
      await this.accounts.update(id, { left_at: null, deactivated_at: null, pre_deleted_at: null, delete_after: null }, trx);
      const details = (await this.accounts.findDetails(id, trx))!;
      await audit({ actorId: actor.id, action: 'user.return', targetId: id, before: { ...auditSnapshot(account), leftAt: account.left_at?.toISOString() }, after: auditSnapshot(details), requestId });
      if (account.deactivated_at) await event(IdentityEvents.userReactivated, eventRef(details, actor.id));
      else await event(IdentityEvents.userRestored, eventRef(details, actor.id));
      return details;
    });
    return this.calendar(after, await this.repository.policy());
  }

  /**
   * The scheduled run: every leaver due at `now` is deactivated, then every one due is pre-deleted,
   * a batch per transaction (rows another replica holds are skipped). Deletion on its date is the
   * purge's (maintenance/purge.service), as for any pre-deleted account. Returns how many took each step.
   */
  async run(now = new Date()): Promise<{ noticed: number; deactivated: number; preDeleted: number }> {
    const noticed = (await this.notify('deactivation', now)) + (await this.notify('deletion', now));
    const moved = async (step: DueStep) => {
      let total = 0;
      for (;;) {
        const ids = await this.changes.record(async (unit) => {
          const done = await this.repository.advance(unit.trx, step, now, RUN_BATCH);
          unit.eventsWritten(done.length);
          return done;
        });
        ids.forEach((id) => this.actors.forgetAccount(id));
        total += ids.length;
        if (ids.length < RUN_BATCH) return total;
      }
    };
    const deactivated = await moved('deactivate');
    const preDeleted = await moved('pre-delete');
    if (noticed + deactivated + preDeleted > 0) this.logger.log({ noticed, deactivated, preDeleted }, 'Lifecycle run');
    return { noticed, deactivated, preDeleted };
  }

  /** Queues the notices due at `now`, a batch per transaction; mailmerge sends them. */
  private async notify(kind: NoticeKind, now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const queued = await this.changes.record(async (unit) => {
        const n = await this.repository.queueNotices(unit.trx, kind, now, RUN_BATCH);
        unit.eventsWritten(n);
        return n;
      });
      total += queued;
      if (queued < RUN_BATCH) return total;
    }
  }


  private datesOf(account: AccountDetails, policy: PolicyRow[]) {
    const delays = policy.find((p) => p.profile === account.profile);
    if (!delays) return null;
    return lifecycleDates(account.left_at ?? new Date(), delays);
  }

  private async calendar(account: AccountDetails, policy: PolicyRow[]): Promise<AccountLifecycle> {
    const dates = this.datesOf(account, policy);
    // The notices of this departure (an earlier one, undone by a return, had its own).
    const leftAt = account.left_at;
    const notices = leftAt ? (await this.repository.noticesOf(account.id)).filter((n) => n.dueOn >= leftAt) : [];
    const step: Step = account.pre_deleted_at ? 'pre_deleted' : account.deactivated_at ? 'deactivated' : account.left_at ? 'leaving' : 'active';
    return {
      id: account.id,
      profile: account.profile,
      step,
      leftAt: account.left_at?.toISOString() ?? null,
      hypothetical: !account.left_at,
      dates: dates && {
        deactivateOn: dates.deactivateOn.toISOString(),
        preDeleteOn: dates.preDeleteOn.toISOString(),
        // A pre-deletion has its own date (an administrator's, or the calendar's as it was then).
        deleteOn: (account.delete_after ?? dates.deleteOn).toISOString(),
      },
      notices: notices.map(noticeView),
    };
  }

  private view(rows: PolicyRow[]): LifecyclePolicy {
    const updated = rows.map((r) => r.updatedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
    return { profiles: rows.map(plain), legalMaximumDays: LEGAL_MAX_LIFECYCLE_DAYS, updatedAt: updated ? new Date(updated).toISOString() : null };
  }
}

const pick = (e: { tolerationDays: number; deactivationDays: number; preDeletionDays: number }) => ({
  tolerationDays: e.tolerationDays,
  deactivationDays: e.deactivationDays,
  preDeletionDays: e.preDeletionDays,
});
const plain = (r: PolicyRow) => ({ profile: r.profile, ...pick(r), noticeDays: r.noticeDays });
const noticeView = (n: NoticeRow) => ({
  kind: n.kind,
  on: n.dueOn.toISOString(),
  queuedAt: n.queuedAt.toISOString(),
  sentAt: n.sentAt?.toISOString() ?? null,
  outcome: n.outcome,
});
