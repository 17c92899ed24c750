import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DB, Db } from '../database/database.module';

/** Only the hash of a reset token is stored: a copy of the database gives no working link. */
const hashOf = (token: string) => createHash('sha256').update(token).digest();

/** The single-use password reset links (SPEC §3): every query of them. */
@Injectable()
export class ResetTokensRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** A new link for the account; the ones it was sent before stop working (only the newest works). */
  async replace(accountId: string, token: string, expiresAt: Date, trx: Db): Promise<void> {
    await trx.updateTable('password_reset_tokens').set({ used_at: new Date() }).where('account_id', '=', accountId).where('used_at', 'is', null).execute();
    await trx.insertInto('password_reset_tokens').values({ token_hash: hashOf(token), account_id: accountId, expires_at: expiresAt, used_at: null }).execute();
  }

  async find(token: string): Promise<{ account_id: string; expires_at: Date; used_at: Date | null } | undefined> {
    return this.db.selectFrom('password_reset_tokens').select(['account_id', 'expires_at', 'used_at']).where('token_hash', '=', hashOf(token)).executeTakeFirst();
  }

  /** Spends the token; false when another request spent it first (two tabs submitting the same link). */
  async consume(token: string, trx: Db): Promise<boolean> {
    const consumed = await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: new Date() })
      .where('token_hash', '=', hashOf(token))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(consumed.numUpdatedRows) === 1;
  }
}
