import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';

/**
 * Models whose id is a bearer secret (whoever holds it is served): stored as the SHA-256 of the id,
 * so that a copy of the table signs no one in. Sessions, interactions and grants keep their ids.
 */
const BEARER_MODELS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'ClientCredentials',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PushedAuthorizationRequest',
  'RegistrationAccessToken',
  'InitialAccessToken',
]);

/** Models issued to an account: unusable as soon as the account may no longer sign in. */
const ACCOUNT_MODELS = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'Session', 'Grant', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export type Payload = Record<string, unknown> & { accountId?: string; grantId?: string; uid?: string; userCode?: string; consumed?: number };

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * An account may use what the provider issued it while it is activated, neither deactivated nor
 * pre-deleted, and its sessions have not been ended since (session_version, raised by a new password).
 */
export const ACCOUNT_MAY_SIGN_IN = sql<boolean>`(
  a.id IS NOT NULL AND a.activated_at IS NOT NULL AND a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL
  AND a.session_version = p.session_version
)`;

/** Every SQL statement on oidc_payloads: what oidc-provider stores, see adapter.ts. */
@Injectable()
export class OidcPayloadsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  private key(model: string, id: string): string {
    return BEARER_MODELS.has(model) ? digest(id) : id;
  }

  async upsert(model: string, id: string, payload: Payload, expiresInSeconds: number | undefined): Promise<void> {
    const stored = { ...payload };
    // The id of a bearer artefact travels in the payload (jti) too: it is given back on reading.
    if (BEARER_MODELS.has(model)) delete stored.jti;
    const accountId = ACCOUNT_MODELS.has(model) && typeof payload.accountId === 'string' ? payload.accountId : null;
    const expiresAt = expiresInSeconds ? new Date(Date.now() + expiresInSeconds * 1000) : null;
    await sql`
      INSERT INTO oidc_payloads (model, id, payload, grant_id, uid, account_id, session_version, expires_at)
      VALUES (
        ${model}, ${this.key(model, id)}, ${JSON.stringify(stored)}::jsonb,
        ${typeof payload.grantId === 'string' ? payload.grantId : null},
        ${typeof payload.uid === 'string' ? payload.uid : null},
        ${accountId}::uuid,
        (SELECT session_version FROM accounts WHERE id = ${accountId}::uuid),
        ${expiresAt}
      )
      ON CONFLICT (model, id) DO UPDATE SET
        payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
        account_id = excluded.account_id,
        -- A session keeps the session version it began with: a new password ends it.
        session_version = CASE WHEN oidc_payloads.account_id IS NOT DISTINCT FROM excluded.account_id
                               THEN oidc_payloads.session_version ELSE excluded.session_version END,
        expires_at = excluded.expires_at
    `.execute(this.db);
  }

  /** The payload, unless expired or issued to an account that may no longer use it. */
  async find(model: string, id: string): Promise<Payload | undefined> {
    return this.findWhere(model, sql`p.id = ${this.key(model, id)}`, BEARER_MODELS.has(model) ? id : undefined);
  }

  async findByUid(model: string, uid: string): Promise<Payload | undefined> {
    return this.findWhere(model, sql`p.uid = ${uid}`);
  }

  async findByUserCode(model: string, userCode: string): Promise<Payload | undefined> {
    return this.findWhere(model, sql`p.payload->>'userCode' = ${userCode}`);
  }

  private async findWhere(model: string, where: ReturnType<typeof sql>, jti?: string): Promise<Payload | undefined> {
    const { rows } = await sql<{ payload: Payload; consumed_at: Date | null; allowed: boolean }>`
      SELECT p.payload, p.consumed_at, (p.account_id IS NULL OR ${ACCOUNT_MAY_SIGN_IN}) AS allowed
      FROM oidc_payloads p LEFT JOIN accounts a ON a.id = p.account_id
      WHERE p.model = ${model} AND ${where} AND (p.expires_at IS NULL OR p.expires_at > now())
      LIMIT 1
    `.execute(this.db);
    const row = rows[0];
    if (!row || !row.allowed) return undefined;
    return {
      ...row.payload,
      ...(jti ? { jti } : {}),
      ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}),
    };
  }

  async consume(model: string, id: string): Promise<void> {
    await sql`UPDATE oidc_payloads SET consumed_at = now() WHERE model = ${model} AND id = ${this.key(model, id)}`.execute(this.db);
  }

  async destroy(model: string, id: string): Promise<void> {
    await sql`DELETE FROM oidc_payloads WHERE model = ${model} AND id = ${this.key(model, id)}`.execute(this.db);
  }

  /** Everything issued under a grant (its codes and tokens), whatever the model. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await sql`DELETE FROM oidc_payloads WHERE grant_id = ${grantId}`.execute(this.db);
  }

  /**
   * Sessions of accounts that may no longer sign in, with the clients they signed in to: the
   * revocation sweep sends those clients a back-channel logout, then removes everything of the account.
   */
  async endedSessions(limit: number): Promise<Array<{ id: string; accountId: string; payload: Payload }>> {
    const { rows } = await sql<{ id: string; account_id: string; payload: Payload }>`
      SELECT p.id, p.account_id, p.payload
      FROM oidc_payloads p LEFT JOIN accounts a ON a.id = p.account_id
      WHERE p.model = 'Session' AND p.account_id IS NOT NULL AND NOT ${ACCOUNT_MAY_SIGN_IN}
      LIMIT ${limit}
    `.execute(this.db);
    return rows.map((row) => ({ id: row.id, accountId: row.account_id, payload: row.payload }));
  }

  /** Removes sessions, grants, codes and tokens issued to accounts that may no longer use them. */
  async removeEnded(sessionIds: string[]): Promise<number> {
    const sessions = sessionIds.length
      ? await sql`DELETE FROM oidc_payloads WHERE model = 'Session' AND id = ANY(${sessionIds}::text[])`.execute(this.db)
      : { numAffectedRows: 0n };
    const others = await sql`
      DELETE FROM oidc_payloads q USING oidc_payloads p LEFT JOIN accounts a ON a.id = p.account_id
      WHERE q.model = p.model AND q.id = p.id AND p.model <> 'Session' AND p.account_id IS NOT NULL AND NOT ${ACCOUNT_MAY_SIGN_IN}
    `.execute(this.db);
    return Number(sessions.numAffectedRows ?? 0n) + Number(others.numAffectedRows ?? 0n);
  }

  /** Expired rows, deleted in batches of `batch` (short transactions): the purge job. */
  async removeAllExpired(batch = 5000): Promise<number> {
    let removed = 0;
    for (;;) {
      const result = await sql`
        DELETE FROM oidc_payloads WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM oidc_payloads WHERE expires_at < now() LIMIT ${batch}
        ))
      `.execute(this.db);
      const count = Number(result.numAffectedRows ?? 0n);
      removed += count;
      if (count < batch) return removed;
    }
  }

  /** The salt of pairwise subject identifiers: 32 random bytes kept in the database (never rotated). */
  async pairwiseSalt(): Promise<string> {
    const { rows } = await sql<{ salt: string }>`
      INSERT INTO oidc_settings (id) VALUES (true) ON CONFLICT (id) DO UPDATE SET id = true RETURNING pairwise_salt AS salt
    `.execute(this.db);
    return rows[0].salt;
  }
}
