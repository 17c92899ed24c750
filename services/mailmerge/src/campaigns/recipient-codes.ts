import { Inject, Injectable, Logger } from '@nestjs/common';
import { FieldCipher, UnreadableField, splitKeys } from '@sesame/auth';
import { DATABASE, StartupPass } from '@sesame/database';
import { sql } from 'kysely';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import type { Db } from '../database/schema';

const BATCH = 2000;
// Any fixed number: one replica at a time walks the recipients.
const LOCK = 0x5e5a_c0df;

/**
 * The activation codes a campaign keeps until its letters are drawn and its emails sent: encrypted
 * with CAMPAIGN_CODE_KEY (AES-256-GCM), bound to the campaign and the account, so mailmerge's
 * database is no second copy of identity's codes in clear. RecipientsRepository seals and opens.
 */
@Injectable()
export class RecipientCodes {
  private readonly logger = new Logger(RecipientCodes.name);
  private readonly cipher: FieldCipher;
  private unreadable = 0;
  private lastWarning = 0;

  constructor(@Inject(MAILMERGE_CONFIG) config: Pick<MailmergeConfig, 'CAMPAIGN_CODE_KEY' | 'CAMPAIGN_CODE_PREVIOUS_KEYS'>) {
    this.cipher = new FieldCipher(config.CAMPAIGN_CODE_KEY, splitKeys(config.CAMPAIGN_CODE_PREVIOUS_KEYS));
  }

  seal(code: string | null, campaignId: string, accountId: string): string | null {
    return code === null ? null : this.cipher.seal(code, `${campaignId}/${accountId}`);
  }

  /** A code kept in clear by an older version reads as it is; one no configured key opens reads as none. */
  open(stored: string | null, campaignId: string, accountId: string): string | null {
    if (stored === null || !FieldCipher.isSealed(stored)) return stored;
    try {
      return this.cipher.open(stored, `${campaignId}/${accountId}`);
    } catch (error) {
      if (!(error instanceof UnreadableField)) throw error;
      this.warnUnreadable(campaignId, error.message);
      return null;
    }
  }

  get currentPrefix(): string {
    return this.cipher.currentKeyPrefix;
  }

  /** Once a minute at most: a campaign of such codes is one line, not one per letter. */
  private warnUnreadable(campaignId: string, reason: string): void {
    this.unreadable++;
    if (Date.now() - this.lastWarning < 60_000) return;
    this.logger.warn({ campaignId, reason, count: this.unreadable }, 'Campaign activation codes unreadable with the configured keys (CAMPAIGN_CODE_PREVIOUS_KEYS)');
    this.unreadable = 0;
    this.lastWarning = Date.now();
  }
}

/**
 * At each start, in the background and on one replica at a time: seals the codes kept in clear by a
 * version without encryption, or under a previous key (a rotation). Rewrites a row only if it still
 * holds what was read, so running twice changes nothing.
 */
@Injectable()
export class RecipientCodeSealing extends StartupPass {
  protected readonly logger = new Logger(RecipientCodeSealing.name);

  constructor(
    @Inject(DATABASE) db: Db,
    private readonly codes: RecipientCodes,
  ) {
    super(db, LOCK, 'Sealing campaign activation codes failed');
  }

  protected async pass(connection: Db, stopped: () => boolean): Promise<void> {
    const prefix = this.codes.currentPrefix;
    let after = { campaign: '00000000-0000-0000-0000-000000000000', account: '00000000-0000-0000-0000-000000000000' };
    let sealed = 0;
    while (!stopped()) {
      const { rows } = await sql<{ campaign_id: string; account_id: string; activation_code: string }>`
        SELECT campaign_id, account_id, activation_code FROM campaign_recipients
        WHERE (campaign_id, account_id) > (${after.campaign}::uuid, ${after.account}::uuid)
          AND activation_code IS NOT NULL AND left(activation_code, ${prefix.length}) <> ${prefix}
        ORDER BY campaign_id, account_id LIMIT ${BATCH}`.execute(connection);
      if (rows.length === 0) break;
      const last = rows[rows.length - 1];
      after = { campaign: last.campaign_id, account: last.account_id };
      const changes = rows.flatMap((r) => {
        const code = this.codes.open(r.activation_code, r.campaign_id, r.account_id);
        return code === null ? [] : [{ ...r, sealed: this.codes.seal(code, r.campaign_id, r.account_id)! }];
      });
      if (changes.length === 0) continue;
      const result = await sql`
        UPDATE campaign_recipients r SET activation_code = v.sealed
        FROM unnest(${sql.val(changes.map((c) => c.campaign_id))}::uuid[], ${sql.val(changes.map((c) => c.account_id))}::uuid[],
                    ${sql.val(changes.map((c) => c.activation_code))}::text[], ${sql.val(changes.map((c) => c.sealed))}::text[])
             AS v(campaign_id, account_id, before, sealed)
        WHERE r.campaign_id = v.campaign_id AND r.account_id = v.account_id AND r.activation_code = v.before`.execute(connection);
      sealed += Number(result.numAffectedRows ?? 0);
    }
    if (sealed) this.logger.log({ sealed }, 'Campaign activation codes sealed with the current key');
  }
}
