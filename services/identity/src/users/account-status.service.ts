import { Inject, Injectable } from '@nestjs/common';
import { canReactivate } from '@sesame/account-rules';
import { IdentityEvents, ServiceFailure, UserView } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { ActorService } from '../auth/actor.service';
import { Change, ChangeRecorder } from '../audit/change-recorder';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { AccountUpdate } from '../database/schema';
import { AccountAccess } from './account-access';
import { AccountDetails, AccountsRepository } from '../accounts/accounts.repository';
import { auditSnapshot, eventRef } from '../accounts/user-view';

/** Deactivation, reactivation, pre-deletion and restoration (SPEC §2–3), each audited with its event. */
@Injectable()
export class AccountStatusService {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly access: AccountAccess,
    private readonly accounts: AccountsRepository,
    private readonly changes: ChangeRecorder,
    private readonly actors: ActorService,
  ) {}

  /** Deactivated accounts stay (never deleted by this), cannot log in; their sessions, reset links and code end. */
  async deactivate(actor: Actor, id: string, requestId?: string): Promise<UserView> {
    const account = await this.access.manageable(actor, id);
    if (account.role === 'manager' || account.id === actor.id) {
      throw new ServiceFailure('conflict', { params: { reason: 'cannot_deactivate_self_or_manager' } });
    }
    if (account.deactivated_at) return this.access.view(actor, account);
    return this.changeStatus(actor, account, {
      action: 'user.deactivate',
      changes: { deactivated_at: new Date() },
      revokeCredentials: true,
      event: (unit, details) => unit.event(IdentityEvents.userDeactivated, eventRef(details, actor.id)),
      requestId,
    });
  }

  async reactivate(actor: Actor, id: string, requestId?: string): Promise<UserView> {
    if (!canReactivate(actor)) throw new ServiceFailure('forbidden');
    const account = await this.access.visible(actor, id);
    if (!account.deactivated_at) return this.access.view(actor, account);
    return this.changeStatus(actor, account, {
      action: 'user.reactivate',
      // A leaver brought back: the calendar would deactivate them again otherwise.
      changes: { deactivated_at: null, left_at: null },
      // Nothing sent before the deactivation works again; an account still to activate gets a new code.
      revokeCredentials: true,
      event: (unit, details) => unit.event(IdentityEvents.userReactivated, eventRef(details, actor.id)),
      requestId,
    });
  }

  /**
   * Marks a member who left for deletion after the grace period (SPEC §3); until then it can be
   * restored, and distributions leave it out by default.
   */
  async preDelete(actor: Actor, id: string, requestId?: string): Promise<UserView> {
    const account = await this.access.manageable(actor, id);
    if (account.role !== 'member') throw new ServiceFailure('conflict', { params: { reason: 'only_members' } });
    if (account.pre_deleted_at) return this.access.view(actor, account);
    // One clock reading: the deadline is exactly the grace period after the mark.
    const preDeletedAt = new Date();
    const deleteAfter = new Date(preDeletedAt.getTime() + this.config.PRE_DELETION_GRACE_DAYS * 86_400_000);
    return this.changeStatus(actor, account, {
      action: 'user.pre-delete',
      changes: { pre_deleted_at: preDeletedAt, delete_after: deleteAfter },
      event: (unit, details) => unit.event(IdentityEvents.userPreDeleted, { ...eventRef(details, actor.id), deleteAfter: deleteAfter.toISOString() }),
      requestId,
    });
  }

  async restore(actor: Actor, id: string, requestId?: string): Promise<UserView> {
    const account = await this.access.manageable(actor, id);
    if (!account.pre_deleted_at) throw new ServiceFailure('conflict', { params: { reason: 'not_pre_deleted' } });
    return this.changeStatus(actor, account, {
      action: 'user.restore',
      changes: { pre_deleted_at: null, delete_after: null, left_at: null },
      event: (unit, details) => unit.event(IdentityEvents.userRestored, eventRef(details, actor.id)),
      requestId,
    });
  }

  /** One status change: the update, the audit row and the event, in one transaction. */
  private async changeStatus(
    actor: Actor,
    before: AccountDetails,
    status: {
      action: string;
      changes: AccountUpdate;
      revokeCredentials?: boolean;
      event: (unit: Change, details: AccountDetails) => Promise<unknown>;
      requestId?: string;
    },
  ): Promise<UserView> {
    const after = await this.changes.record(async (unit) => {
      await this.accounts.update(before.id, status.changes, unit.trx);
      if (status.revokeCredentials) await this.accounts.revokeCredentials(before.id, unit.trx);
      const details = (await this.accounts.findDetails(before.id, unit.trx))!;
      await unit.audit({
        actorId: actor.id,
        action: status.action,
        targetId: before.id,
        before: auditSnapshot(before),
        after: auditSnapshot(details),
        requestId: status.requestId,
      });
      await status.event(unit, details);
      return details;
    });
    if (status.revokeCredentials) this.actors.forgetAccount(before.id);
    return this.access.view(actor, after);
  }
}
