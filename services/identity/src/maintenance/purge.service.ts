import { Inject, Injectable, Logger } from '@nestjs/common';
import { IdentityEvents } from '@sesame/contracts';
import { recordEvent } from '@sesame/outbox';
import { AuditRepository } from '../audit/audit.repository';
import { DB, Db } from '../database/database.module';
import { OutboxService } from '../outbox/outbox.module';
import { AccountsRepository } from '../users/accounts.repository';
import { auditSnapshot, eventRef } from '../users/user-view';

const BATCH = 500;

/**
 * Deletes accounts whose grace period after pre-deletion is over (SPEC §3), in batches, each with
 * its audit rows and `identity.user.deleted` events. Rows locked by another replica are skipped.
 */
@Injectable()
export class PurgeService {
  private readonly logger = new Logger(PurgeService.name);

  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Returns how many accounts were deleted. */
  async purgeExpired(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.db.transaction().execute(async (trx) => {
        const expired = await trx
          .selectFrom('accounts')
          .select('id')
          .where('delete_after', '<=', now)
          .where('pre_deleted_at', 'is not', null)
          .orderBy('delete_after')
          .limit(BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        if (expired.length === 0) return 0;
        const ids = expired.map((r) => r.id);
        const relatives = await this.accounts.relativesOf(ids, trx);
        for (const id of ids) {
          const details = (await this.accounts.findDetails(id, trx))!;
          await this.audit.record(trx, { actorId: null, action: 'user.delete', targetId: id, before: auditSnapshot(details) });
          await recordEvent(trx, IdentityEvents.userDeleted, eventRef(details, null));
        }
        await trx.deleteFrom('accounts').where('id', 'in', ids).execute();
        // Relatives keep only what they inherit from their remaining children.
        await this.accounts.refreshRelatives(relatives.filter((id) => !ids.includes(id)), trx);
        return ids.length;
      });
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total > 0) {
      this.outbox.flushSoon();
      this.logger.log({ deleted: total }, 'Deleted accounts past their grace period');
    }
    return total;
  }
}
