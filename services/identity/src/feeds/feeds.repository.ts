import { Inject, Injectable } from '@nestjs/common';
import type { FeedChange, FeedCounts, FeedKind, FeedReadError, FeedSchool, FeedSchoolSummary, FeedStatus, FeedView } from '@sesame/contracts';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import type { StagedLink, StagedPerson } from './feeds.rules';

export interface FeedRow {
  id: string;
  kind: FeedKind;
  uai: string | null;
  source: string | null;
  status: FeedStatus;
  files: string[];
  created_by: string;
  created_by_username: string | null;
  created_at: Date;
  records: number;
  totals: FeedCounts;
  schools: FeedSchoolSummary[];
  error: FeedReadError | null;
  diffed_at: Date | null;
  confirmed_by: string | null;
  confirmed_by_username: string | null;
  confirmed_at: Date | null;
  held_confirmations: Array<{ uai: string; reason: string }>;
  applied_at: Date | null;
  attempts: number;
}

const FEED_COLUMNS = sql`
  f.id, f.kind, f.uai, f.source, f.status, f.files, f.created_by, c.username AS created_by_username, f.created_at, f.records, f.totals,
  f.schools, f.error, f.diffed_at, f.confirmed_by, k.username AS confirmed_by_username, f.confirmed_at, f.held_confirmations, f.applied_at, f.attempts`;

/** Feeds as identity keeps them: their rows, their staged records, their diff's pages. */
@Injectable()
export class FeedsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  async create(feed: { id: string; kind: FeedKind; uai: string | null; files: string[]; createdBy: string }, executor: Db = this.db): Promise<boolean> {
    const result = await sql`
      INSERT INTO feeds (id, kind, uai, status, files, created_by)
      VALUES (${feed.id}, ${feed.kind}, ${feed.uai}, 'reading', ${sql.val(feed.files)}::text[], ${feed.createdBy})
      ON CONFLICT (id) DO NOTHING`.execute(executor);
    return Number(result.numAffectedRows ?? 0) === 1;
  }

  async find(id: string, executor: Db = this.db): Promise<FeedRow | undefined> {
    const { rows } = await sql<FeedRow>`
      SELECT ${FEED_COLUMNS} FROM feeds f LEFT JOIN accounts c ON c.id = f.created_by LEFT JOIN accounts k ON k.id = f.confirmed_by
      WHERE f.id = ${id}`.execute(executor);
    return rows[0];
  }

  /** The feeds the caller may see: every one for the manager (`schoolUais` null), else school exports of those schools. */
  async list(schoolUais: readonly string[] | null, page: number, pageSize: number): Promise<{ total: number; rows: FeedRow[] }> {
    const visible = schoolUais === null ? sql`true` : sql`f.kind = 'school' AND f.uai = ANY(${sql.val([...schoolUais])}::text[])`;
    const { rows } = await sql<FeedRow>`
      SELECT ${FEED_COLUMNS} FROM feeds f LEFT JOIN accounts c ON c.id = f.created_by LEFT JOIN accounts k ON k.id = f.confirmed_by
      WHERE ${visible} ORDER BY f.created_at DESC, f.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(this.db);
    const { rows: count } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM feeds f WHERE ${visible}`.execute(this.db);
    return { total: count[0].n, rows };
  }

  async schoolIdOf(uai: string | null, executor: Db = this.db): Promise<string | null> {
    if (uai === null) return null;
    const { rows } = await sql<{ id: string }>`SELECT id FROM schools WHERE uai = ${uai}`.execute(executor);
    return rows[0]?.id ?? null;
  }

  async uaisOf(schoolIds: readonly string[]): Promise<string[]> {
    if (schoolIds.length === 0) return [];
    const { rows } = await sql<{ uai: string }>`SELECT uai FROM schools WHERE id = ANY(${sql.val([...schoolIds])}::uuid[])`.execute(this.db);
    return rows.map((r) => r.uai);
  }

  /** Replaces one chunk's records: a chunk sent again replaces itself. */
  async stage(feedId: string, chunk: number, persons: readonly StagedPerson[], links: readonly StagedLink[], schools: readonly FeedSchool[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Serialises the chunks of one feed with its close (which counts them).
      await sql`SELECT 1 FROM feeds WHERE id = ${feedId} FOR SHARE`.execute(trx);
      await sql`DELETE FROM feed_persons WHERE feed_id = ${feedId} AND chunk = ${chunk}`.execute(trx);
      await sql`DELETE FROM feed_links WHERE feed_id = ${feedId} AND chunk = ${chunk}`.execute(trx);
      await sql`DELETE FROM feed_schools WHERE feed_id = ${feedId} AND chunk = ${chunk}`.execute(trx);
      if (persons.length) {
        await sql`
          INSERT INTO feed_persons (feed_id, chunk, source, join_key, ine, last_name, first_name, birth_date, profile, schools, classes, email, mobile, functions, exit_date)
          SELECT ${feedId}::uuid, ${chunk}::int, x.source, x.join_key, x.ine, x.last_name, x.first_name, x.birth_date, x.profile, x.schools, x.classes,
                 x.email, x.mobile, x.functions, x.exit_date
          FROM jsonb_to_recordset(${JSON.stringify(persons)}::jsonb) AS x(source text, join_key text, ine text, last_name text, first_name text, birth_date date,
            profile text, schools text[], classes text[], email text, mobile text, functions text[], exit_date date)`.execute(trx);
      }
      if (links.length) {
        await sql`
          INSERT INTO feed_links (feed_id, chunk, source, child_key, relative_key, legal)
          SELECT ${feedId}::uuid, ${chunk}::int, x.source, x.child_key, x.relative_key, x.legal
          FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS x(source text, child_key text, relative_key text, legal smallint)`.execute(trx);
      }
      if (schools.length) {
        await sql`
          INSERT INTO feed_schools (feed_id, chunk, source, uai, name)
          SELECT ${feedId}::uuid, ${chunk}::int, x.source, x.uai, x.name
          FROM jsonb_to_recordset(${JSON.stringify(schools)}::jsonb) AS x(source text, uai text, name text)`.execute(trx);
      }
    });
  }

  /** How many chunks (with a person or a school) and persons are staged. */
  async stagedCounts(feedId: string, executor: Db = this.db): Promise<{ chunks: number; persons: number }> {
    const { rows } = await sql<{ chunks: number; persons: number }>`
      SELECT (SELECT count(*)::int FROM (SELECT chunk FROM feed_persons WHERE feed_id = ${feedId}
                                         UNION SELECT chunk FROM feed_schools WHERE feed_id = ${feedId}) c) AS chunks,
             (SELECT count(*)::int FROM feed_persons WHERE feed_id = ${feedId}) AS persons`.execute(executor);
    return rows[0];
  }

  /** The feed's status moves only from one of `from` (so a late or repeated call changes nothing). Returns whether it moved. */
  async move(
    feedId: string,
    from: readonly FeedStatus[],
    to: FeedStatus,
    set: Partial<{ records: number; files: string[]; error: FeedReadError | null; source: string | null }> = {},
    executor: Db = this.db,
  ): Promise<boolean> {
    const result = await sql`
      UPDATE feeds SET status = ${to}, updated_at = now(),
        records = coalesce(${set.records ?? null}::int, records),
        files = coalesce(${set.files ? sql`${sql.val(set.files)}::text[]` : sql`NULL::text[]`}, files),
        error = CASE WHEN ${'error' in set} THEN ${set.error ? JSON.stringify(set.error) : null}::jsonb ELSE error END,
        source = CASE WHEN ${'source' in set} THEN ${set.source ?? null} ELSE source END
      WHERE id = ${feedId} AND status = ANY(${sql.val([...from])}::text[])`.execute(executor);
    return Number(result.numAffectedRows ?? 0) === 1;
  }

  /** The one source of the staged persons, or null when there are several (a SIECLE and STS export) or none. */
  async stagedSource(feedId: string, executor: Db = this.db): Promise<string | null> {
    const { rows } = await sql<{ source: string | null }>`
      SELECT CASE WHEN count(DISTINCT source) = 1 THEN min(source) END AS source FROM feed_persons WHERE feed_id = ${feedId}`.execute(executor);
    return rows[0]?.source ?? null;
  }

  /** The diff is computed: its totals and schools, and the feed waits for a confirmation. */
  async ready(feedId: string, totals: FeedCounts, schools: FeedSchoolSummary[]): Promise<void> {
    await sql`
      UPDATE feeds SET status = 'ready', totals = ${JSON.stringify(totals)}::jsonb, schools = ${JSON.stringify(schools)}::jsonb, updated_at = now()
      WHERE id = ${feedId} AND status = 'diffing'`.execute(this.db);
  }

  async confirm(trx: Db, feedId: string, actorId: string, held: Array<{ uai: string; reason: string }>): Promise<boolean> {
    const result = await sql`
      UPDATE feeds SET status = 'applying', confirmed_by = ${actorId}, confirmed_at = now(), held_confirmations = ${JSON.stringify(held)}::jsonb,
                       error = NULL, attempts = 0, updated_at = now()
      WHERE id = ${feedId} AND status = 'ready'`.execute(trx);
    return Number(result.numAffectedRows ?? 0) === 1;
  }

  /** A page of the diff, in `seq` order, with each account's login. */
  async changes(query: { id: string; category?: string; uai?: string; after: number; limit: number }): Promise<FeedChange[]> {
    const { rows } = await sql<{
      seq: number; category: FeedChange['category']; uai: string | null; join_key: string; account_id: string | null; username: string | null;
      last_name: string | null; first_name: string | null; profile: FeedChange['profile']; before: Record<string, unknown> | null; after: Record<string, unknown> | null;
    }>`
      SELECT ch.seq, ch.category, ch.uai, ch.join_key, ch.account_id, a.username, ch.last_name, ch.first_name, ch.profile, ch.before, ch.after
      FROM feed_changes ch LEFT JOIN accounts a ON a.id = ch.account_id
      WHERE ch.feed_id = ${query.id} AND ch.seq > ${query.after}
        ${query.category ? sql`AND ch.category = ${query.category}` : sql``}
        ${query.uai ? sql`AND ch.uai = ${query.uai}` : sql``}
      ORDER BY ch.seq LIMIT ${query.limit}`.execute(this.db);
    return rows.map((r) => ({
      seq: r.seq, category: r.category, uai: r.uai, joinKey: r.join_key, accountId: r.account_id, username: r.username,
      lastName: r.last_name, firstName: r.first_name, profile: r.profile, before: r.before, after: r.after,
    }));
  }

  /** Staged records and diffs of feeds settled before `settledBefore`; feeds still reading since `readingSince` fail. */
  async purge(settledBefore: Date, readingSince: Date): Promise<{ purged: number; abandoned: number }> {
    const abandoned = await sql`
      UPDATE feeds SET status = 'failed', updated_at = now(), error = ${JSON.stringify({ code: 'feed.abandoned', file: '' })}::jsonb
      WHERE status = 'reading' AND updated_at < ${readingSince}`.execute(this.db);
    const { rows } = await sql<{ id: string }>`
      SELECT id FROM feeds WHERE status IN ('applied', 'failed') AND updated_at < ${settledBefore}
        AND (EXISTS (SELECT 1 FROM feed_persons p WHERE p.feed_id = feeds.id) OR EXISTS (SELECT 1 FROM feed_changes c WHERE c.feed_id = feeds.id)
             OR EXISTS (SELECT 1 FROM feed_schools s WHERE s.feed_id = feeds.id) OR EXISTS (SELECT 1 FROM feed_links l WHERE l.feed_id = feeds.id))`.execute(this.db);
    for (const { id } of rows) {
      await this.db.transaction().execute(async (trx) => {
        for (const table of ['feed_persons', 'feed_links', 'feed_schools', 'feed_changes']) {
          await sql`DELETE FROM ${sql.table(table)} WHERE feed_id = ${id}`.execute(trx);
        }
      });
    }
    return { purged: rows.length, abandoned: Number(abandoned.numAffectedRows ?? 0) };
  }
}

export function feedView(row: FeedRow, maxLeaversPercent: number): FeedView {
  return {
    id: row.id,
    kind: row.kind,
    uai: row.uai,
    source: (row.source as FeedView['source']) ?? null,
    status: row.status,
    files: row.files,
    createdBy: row.created_by_username ? { id: row.created_by, username: row.created_by_username } : null,
    createdAt: row.created_at.toISOString(),
    records: row.records,
    totals: row.totals,
    schools: row.schools,
    maxLeaversPercent,
    error: row.error,
    confirmedBy: row.confirmed_by && row.confirmed_by_username ? { id: row.confirmed_by, username: row.confirmed_by_username } : null,
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    heldConfirmations: row.held_confirmations,
    appliedAt: row.applied_at?.toISOString() ?? null,
  };
}
