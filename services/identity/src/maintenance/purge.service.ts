import { Injectable, Logger } from '@nestjs/common';
import { IdentityEvents } from '@sesame/contracts';
import { AccountsRepository } from '../accounts/accounts.repository';
import { MembershipsRepository } from '../accounts/memberships.repository';
import { auditSnapshot, eventRef } from '../accounts/user-view';
import { ChangeRecorder } from '../audit/change-recorder';

const BATCH = 500;

/**
 * Deletes accounts whose grace period after pre-deletion is over (SPEC §3), in batches, each with
 * its audit rows and `identity.user.deleted` events. Rows locked by another replica are skipped.
 */
@Injectable()
export class PurgeService {
  private readonly logger = new Logger(PurgeService.name);

  constructor(
    private readonly changes: ChangeRecorder,
    private readonly accounts: AccountsRepository,
    private readonly memberships: MembershipsRepository,
  ) {}

  /** Returns how many accounts were deleted. */
  async purgeExpired(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.changes.record(async ({ trx, audit, event }) => {
        const ids = await this.accounts.lockExpired(now, BATCH, trx);
        if (ids.length === 0) return 0;
        const relatives = await this.memberships.relativesOf(ids, trx);
        for (const id of ids) {
          const details = (await this.accounts.findDetails(id, trx))!;
          await audit({ actorId: null, action: 'user.delete', targetId: id, before: auditSnapshot(details) });
          await event(IdentityEvents.userDeleted, eventRef(details, null));
        }
        await this.accounts.delete(ids, trx);
        // Relatives keep only what they inherit from their remaining children.
        await this.memberships.refreshRelatives(relatives.filter((id) => !ids.includes(id)), trx);
        return ids.length;
      });
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total > 0) {
      this.logger.log({ deleted: total }, 'Deleted accounts past their grace period');
    }
    return total;
  }
}
