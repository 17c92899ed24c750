import { RawBuilder, sql } from 'kysely';

/**
 * The identity.user.* payload (`userRef`, as eventRef builds it for one account) of each account of
 * `ids`, a query of account ids, as the accounts are now: for bulk changes whose events PostgreSQL
 * builds beside the change (feeds, the lifecycle run), through the outbox's recordEventsFrom.
 */
export function userRefsOf(actorId: string | null, ids: RawBuilder<unknown>, extra: RawBuilder<unknown> = sql`'{}'::jsonb`): RawBuilder<unknown> {
  // `extra`: more of the payload, an expression of the account `a`.
  return sql`
    SELECT jsonb_build_object('userId', a.id, 'username', a.username, 'role', a.role, 'profile', a.profile,
                              'schoolIds', coalesce((SELECT jsonb_agg(m.school_id ORDER BY m.school_id) FROM account_schools m WHERE m.account_id = a.id), '[]'::jsonb),
                              'actorId', ${actorId}::text) || ${extra} AS data
    FROM accounts a WHERE a.id IN (${ids})`;
}

/** A timestamptz as the events' ISO 8601 instant (UTC, milliseconds, `Z`), for payloads PostgreSQL builds. */
export const isoInstant = (value: RawBuilder<unknown>): RawBuilder<unknown> => sql`to_char((${value}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
