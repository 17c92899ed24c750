import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';

export interface DiffScope {
  feedId: string;
  kind: 'aaf' | 'school';
  /** The school of a school export (its id; null when no school has its UAI yet). */
  schoolId: string | null;
  linkLegal2: boolean;
}

export interface SchoolTally {
  uai: string;
  name: string | null;
  accounts: number;
  counts: Record<string, number>;
}

/** The order of the categories in the diff (and of `seq`). */
const CATEGORY_ORDER = `ARRAY['new', 'returner', 'leaver', 'names', 'contacts', 'moved', 'profile', 'links_added', 'links_removed']`;

/**
 * The diff of a staged feed against the directory, computed by PostgreSQL in a few statements
 * whatever the snapshot's size (issue 15: a million persons in ≤ 120 s): persons are matched to
 * accounts by source + join key (accounts_external_key), never by name, and each category is one
 * INSERT … SELECT into the diff. Nothing per person travels to Node.
 */
@Injectable()
export class FeedDiffRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** Replaces the feed's diff; returns its totals per category and the tallies of each school it touches. */
  async diff(scope: DiffScope): Promise<{ totals: Record<string, number>; schools: SchoolTally[] }> {
    return this.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      const { feedId } = scope;
      await sql`DELETE FROM feed_changes WHERE feed_id = ${feedId}`.execute(trx);
      // The staged rows were just written: without fresh statistics the planner takes them for a handful.
      await sql`ANALYZE feed_persons, feed_links`.execute(trx);
      await sql`UPDATE feeds SET diffed_at = now() WHERE id = ${feedId}`.execute(trx);
      await this.matchPersons(trx, feedId, scope);
      await sql`
        CREATE TEMPORARY TABLE diff_changes (category text, uai text, source text, join_key text, account_id uuid, last_name text, first_name text,
                                             profile text, before jsonb, after jsonb, tiebreak text) ON COMMIT DROP`.execute(trx);
      await this.personChanges(trx);
      await this.linkChanges(trx, feedId, scope.linkLegal2);
      await this.absentLeavers(trx, scope);
      await sql`
        INSERT INTO feed_changes (feed_id, seq, category, uai, source, join_key, account_id, last_name, first_name, profile, before, after)
        SELECT ${feedId}::uuid, row_number() OVER (ORDER BY array_position(${sql.raw(CATEGORY_ORDER)}, category), uai COLLATE "C" NULLS LAST, join_key COLLATE "C", tiebreak COLLATE "C"),
               category, uai, source, join_key, account_id, last_name, first_name, profile, before, after
        FROM diff_changes`.execute(trx);
      await sql`ANALYZE feed_changes`.execute(trx);
      const { rows } = await sql<{ category: string; n: number }>`SELECT category, count(*)::int AS n FROM diff_changes GROUP BY category`.execute(trx);
      return { totals: Object.fromEntries(rows.map((r) => [r.category, r.n])), schools: await this.tallies(trx, scope) };
    });
  }

  /**
   * Each staged person beside the account of its key (if any) and that account's own schools and
   * classes — within the exported school only, for a school export (the other schools are not its to say).
   */
  private async matchPersons(trx: Db, feedId: string, scope: DiffScope): Promise<void> {
    const within = scope.kind === 'school' ? sql`AND m.school_id = ${scope.schoolId}::uuid` : sql``;
    await sql`
      CREATE TEMPORARY TABLE diff_persons ON COMMIT DROP AS
      SELECT p.*, a.id AS account_id, CASE WHEN a.id IS NULL THEN gen_random_uuid() END AS new_id, a.first_name AS a_first_name, a.last_name AS a_last_name, a.email AS a_email, a.mobile AS a_mobile,
             a.profile AS a_profile, a.deactivated_at IS NOT NULL AS a_deactivated, a.pre_deleted_at IS NOT NULL AS a_pre_deleted, a.left_at IS NOT NULL AS a_leaving,
             (p.exit_date IS NOT NULL AND p.exit_date <= current_date) AS exiting,
             ${scope.kind === 'school' ? sql`ARRAY(SELECT x FROM unnest(p.schools) x WHERE x = (SELECT uai FROM feeds WHERE id = ${feedId}))` : sql`p.schools`} AS f_schools,
             ${scope.kind === 'school' ? sql`ARRAY(SELECT x FROM unnest(p.classes) x WHERE left(x, 8) = (SELECT uai FROM feeds WHERE id = ${feedId}))` : sql`p.classes`} AS f_classes
      FROM feed_persons p LEFT JOIN accounts a ON a.source = p.source AND a.external_id = p.join_key
      WHERE p.feed_id = ${feedId}`.execute(trx);
    await sql`CREATE INDEX ON diff_persons (account_id)`.execute(trx);
    await sql`CREATE INDEX ON diff_persons (source, join_key)`.execute(trx);
    await sql`ANALYZE diff_persons`.execute(trx);
    // Grouped, not looked up person by person: one pass over the memberships of the matched accounts.
    const matched = sql`SELECT account_id FROM diff_persons WHERE account_id IS NOT NULL`;
    await sql`
      CREATE TEMPORARY TABLE diff_memberships ON COMMIT DROP AS
      SELECT coalesce(sc.account_id, cl.account_id) AS account_id, coalesce(sc.schools, '{}') AS schools, coalesce(cl.classes, '{}') AS classes
      FROM (SELECT m.account_id, array_agg(s.uai ORDER BY s.uai COLLATE "C") AS schools
            FROM account_schools m JOIN schools s ON s.id = m.school_id
            WHERE NOT m.inherited ${within} AND m.account_id IN (${matched}) GROUP BY m.account_id) sc
      FULL JOIN (SELECT ac.account_id, array_agg(s.uai || '|' || c.name ORDER BY s.uai || '|' || c.name COLLATE "C") AS classes
                 FROM account_classes ac JOIN classes c ON c.id = ac.class_id JOIN schools s ON s.id = c.school_id
                 WHERE NOT ac.inherited ${scope.kind === 'school' ? sql`AND c.school_id = ${scope.schoolId}::uuid` : sql``} AND ac.account_id IN (${matched})
                 GROUP BY ac.account_id) cl ON cl.account_id = sc.account_id`.execute(trx);
    await sql`CREATE INDEX ON diff_memberships (account_id)`.execute(trx);
    await sql`ANALYZE diff_memberships`.execute(trx);
  }

  /** new, returner, leaver (exit date), names, contacts, moved, profile: one statement for all. */
  private async personChanges(trx: Db): Promise<void> {
    await sql`
      INSERT INTO diff_changes (category, uai, source, join_key, account_id, last_name, first_name, profile, before, after, tiebreak)
      SELECT c.category, d.schools[1], d.source, d.join_key, coalesce(d.account_id, d.new_id), d.last_name, d.first_name, d.profile, c.before, c.after, ''
      FROM diff_persons d
      LEFT JOIN diff_memberships m ON m.account_id = d.account_id
      CROSS JOIN LATERAL (
        SELECT 'new' AS category, NULL::jsonb AS before,
               jsonb_build_object('lastName', d.last_name, 'firstName', d.first_name, 'profile', d.profile, 'schools', d.schools, 'classes', d.classes,
                                  'email', d.email, 'mobile', d.mobile, 'ine', d.ine) AS after
        WHERE d.account_id IS NULL AND NOT d.exiting
        UNION ALL
        SELECT 'returner', jsonb_build_object('leaving', d.a_leaving, 'deactivated', d.a_deactivated, 'preDeleted', d.a_pre_deleted),
               jsonb_build_object('leaving', false, 'deactivated', false, 'preDeleted', false)
        WHERE d.account_id IS NOT NULL AND NOT d.exiting AND (d.a_leaving OR d.a_deactivated OR d.a_pre_deleted)
        UNION ALL
        -- A leaver enters the calendar (docs/lifecycle.md) from its exit date: 'deactivate' says it leaves Sesame, not only a school.
        SELECT 'leaver', jsonb_build_object('leaving', false), jsonb_build_object('leaving', true, 'exitDate', d.exit_date, 'deactivate', true)
        WHERE d.account_id IS NOT NULL AND d.exiting AND NOT d.a_deactivated AND NOT d.a_leaving
        UNION ALL
        SELECT 'names', jsonb_build_object('lastName', d.a_last_name, 'firstName', d.a_first_name), jsonb_build_object('lastName', d.last_name, 'firstName', d.first_name)
        WHERE d.account_id IS NOT NULL AND NOT d.exiting AND (d.a_last_name, d.a_first_name) IS DISTINCT FROM (d.last_name, d.first_name)
        UNION ALL
        SELECT 'contacts', jsonb_build_object('email', d.a_email, 'mobile', d.a_mobile),
               jsonb_build_object('email', coalesce(d.email, d.a_email), 'mobile', coalesce(d.mobile, d.a_mobile))
        WHERE d.account_id IS NOT NULL AND NOT d.exiting
          AND ((d.email IS NOT NULL AND d.email IS DISTINCT FROM d.a_email) OR (d.mobile IS NOT NULL AND d.mobile IS DISTINCT FROM d.a_mobile))
        UNION ALL
        SELECT 'moved', jsonb_build_object('schools', coalesce(m.schools, '{}'), 'classes', coalesce(m.classes, '{}')), jsonb_build_object('schools', d.f_schools, 'classes', d.f_classes)
        WHERE d.account_id IS NOT NULL AND NOT d.exiting AND (coalesce(m.schools, '{}') <> d.f_schools OR coalesce(m.classes, '{}') <> d.f_classes)
        UNION ALL
        SELECT 'profile', jsonb_build_object('profile', d.a_profile), jsonb_build_object('profile', d.profile)
        WHERE d.account_id IS NOT NULL AND NOT d.exiting AND d.a_profile IS DISTINCT FROM d.profile
      ) c`.execute(trx);
  }

  /**
   * Relative links: those the file states with légal = 1 (or 2 where FEED_LINK_LEGAL_2 says so)
   * between two persons of the snapshot, against the links of the snapshot's students to relatives
   * of the same source (links made by hand to other accounts are not the feed's).
   */
  private async linkChanges(trx: Db, feedId: string, linkLegal2: boolean): Promise<void> {
    await sql`
      CREATE TEMPORARY TABLE diff_links ON COMMIT DROP AS
      SELECT DISTINCT l.source, l.child_key, l.relative_key FROM feed_links l
      WHERE l.feed_id = ${feedId} AND (l.legal = 1 OR (${linkLegal2} AND l.legal = 2))`.execute(trx);
    await sql`ANALYZE diff_links`.execute(trx);
    // Added: both ends in the snapshot, not linked yet (a new person's account id is the one its `new` change drew).
    await sql`
      INSERT INTO diff_changes (category, uai, source, join_key, account_id, last_name, first_name, profile, before, after, tiebreak)
      SELECT 'links_added', c.schools[1], c.source, c.join_key, coalesce(c.account_id, c.new_id), c.last_name, c.first_name, c.profile, NULL,
             jsonb_build_object('relativeKey', r.join_key, 'relativeLastName', r.last_name, 'relativeFirstName', r.first_name), r.join_key
      FROM diff_links l
      JOIN diff_persons c ON c.source = l.source AND c.join_key = l.child_key AND NOT c.exiting
      JOIN diff_persons r ON r.source = l.source AND r.join_key = l.relative_key AND NOT r.exiting
      WHERE c.account_id IS NULL OR r.account_id IS NULL
         OR NOT EXISTS (SELECT 1 FROM relative_links x WHERE x.student_id = c.account_id AND x.relative_id = r.account_id)`.execute(trx);
    await sql`
      INSERT INTO diff_changes (category, uai, source, join_key, account_id, last_name, first_name, profile, before, after, tiebreak)
      SELECT 'links_removed', c.schools[1], c.source, c.join_key, c.account_id, c.last_name, c.first_name, c.profile,
             jsonb_build_object('relativeKey', rel.external_id, 'relativeId', rel.id, 'relativeLastName', rel.last_name, 'relativeFirstName', rel.first_name), NULL,
             rel.external_id
      FROM diff_persons c
      JOIN relative_links x ON x.student_id = c.account_id
      JOIN accounts rel ON rel.id = x.relative_id AND rel.source = c.source
      WHERE NOT EXISTS (SELECT 1 FROM diff_links l WHERE l.source = c.source AND l.child_key = c.join_key AND l.relative_key = rel.external_id)`.execute(trx);
  }

  /**
   * Leavers absent from the snapshot (not already on their way out): for AAF, every active account
   * of its source it does not name; for a school export, the active accounts of its sources in that school it does not name
   * (those who belong to another school too only leave this one).
   */
  private async absentLeavers(trx: Db, scope: DiffScope): Promise<void> {
    const { feedId } = scope;
    const firstSchool = sql`(SELECT s.uai FROM account_schools m JOIN schools s ON s.id = m.school_id WHERE m.account_id = a.id ORDER BY m.inherited, s.uai COLLATE "C" LIMIT 1)`;
    // The snapshot's persons matched to accounts already: an anti-join on account ids.
    const absent = sql`NOT EXISTS (SELECT 1 FROM diff_persons d WHERE d.account_id = a.id)`;
    if (scope.kind === 'aaf') {
      await sql`
        INSERT INTO diff_changes (category, uai, source, join_key, account_id, last_name, first_name, profile, before, after, tiebreak)
        SELECT 'leaver', ${firstSchool}, a.source, a.external_id, a.id, a.last_name, a.first_name, a.profile,
               jsonb_build_object('leaving', false), jsonb_build_object('leaving', true, 'deactivate', true), ''
        FROM accounts a WHERE a.source = 'aaf' AND a.deactivated_at IS NULL AND a.left_at IS NULL AND ${absent}`.execute(trx);
      return;
    }
    if (!scope.schoolId) return;
    await sql`
      INSERT INTO diff_changes (category, uai, source, join_key, account_id, last_name, first_name, profile, before, after, tiebreak)
      SELECT 'leaver', (SELECT uai FROM feeds WHERE id = ${feedId}), a.source, a.external_id, a.id, a.last_name, a.first_name, a.profile,
             jsonb_build_object('leaving', false), jsonb_build_object('leaving', other.school IS NULL, 'deactivate', other.school IS NULL), ''
      FROM account_schools m JOIN accounts a ON a.id = m.account_id
      LEFT JOIN LATERAL (SELECT o.school_id AS school FROM account_schools o WHERE o.account_id = a.id AND o.school_id <> m.school_id LIMIT 1) other ON true
      WHERE m.school_id = ${scope.schoolId}::uuid AND a.deactivated_at IS NULL AND a.left_at IS NULL AND a.external_id IS NOT NULL
        AND a.source IN (SELECT DISTINCT source FROM feed_persons WHERE feed_id = ${feedId})
        AND (NOT m.inherited OR other.school IS NULL) AND ${absent}`.execute(trx);
  }

  /** For each school the diff touches: its name, its active accounts of the feed's sources, its counts per category. */
  private async tallies(trx: Db, scope: DiffScope): Promise<SchoolTally[]> {
    // The schools' accounts in one grouped pass over their memberships (not one count per school).
    const { rows } = await sql<SchoolTally>`
      WITH counts AS (
        SELECT uai, jsonb_object_agg(category, n) AS counts FROM (
          SELECT uai, category, count(*)::int AS n FROM diff_changes WHERE uai IS NOT NULL GROUP BY 1, 2) x GROUP BY uai),
      touched AS (SELECT s.id, s.uai, s.name FROM counts c JOIN schools s ON s.uai = c.uai),
      school_accounts AS (
        SELECT m.school_id, count(*)::int AS n FROM account_schools m JOIN accounts a ON a.id = m.account_id
        WHERE m.school_id IN (SELECT id FROM touched) AND NOT m.is_deactivated
          AND a.source IN (SELECT DISTINCT source FROM feed_persons WHERE feed_id = ${scope.feedId})
        GROUP BY m.school_id)
      SELECT c.uai, coalesce(t.name, (SELECT min(name) FROM feed_schools f WHERE f.feed_id = ${scope.feedId} AND f.uai = c.uai)) AS name,
             coalesce(n.n, 0) AS accounts, c.counts
      FROM counts c LEFT JOIN touched t ON t.uai = c.uai LEFT JOIN school_accounts n ON n.school_id = t.id
      ORDER BY c.uai COLLATE "C"`.execute(trx);
    return rows;
  }
}
