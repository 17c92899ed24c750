import { Inject, Injectable } from '@nestjs/common';
import type { RentreeCounts } from '@sesame/contracts';
import { sql } from 'kysely';
import { insertMemberships } from '../accounts/memberships.repository';
import { DB, Db } from '../database/database.module';

/** A class list row matched to its account (null when no account, or several, answer to it). */
export interface Placement {
  line: number;
  schoolId: string;
  className: string;
  accountId: string | null;
  /** How many accounts the login or INE names within the caller's reach. */
  matches: number;
}

export interface RentreeRow {
  id: string;
  schoolYear: number;
  schoolIds: string[];
  openedAt: Date;
  openedBy: string | null;
  restorableUntil: Date;
  restoredAt: Date | null;
  counts: RentreeCounts;
  /** A later rentrée (not restored) shares one of its schools. */
  superseded: boolean;
}

export type SchoolCounts = RentreeCounts & { schoolId: string; uai: string; name: string };

interface RentreeRecord {
  id: string;
  school_year: number;
  school_ids: string[];
  opened_at: Date;
  opened_by: string | null;
  restorable_until: Date;
  restored_at: Date | null;
  counts: RentreeCounts;
  superseded: boolean;
}

const uuids = (ids: readonly string[]) => sql`${sql.val([...ids])}::uuid[]`;
const texts = (values: readonly string[]) => sql`${sql.val([...values])}::text[]`;

/**
 * The pupils who stay: students of the school (their own membership) not leaving, deactivated or
 * pre-deleted. The class list and the feed place them; their accounts are not touched.
 */
const KEPT = sql`NOT m.inherited AND m.role = 'member' AND m.profile = 'student' AND NOT m.is_deactivated AND NOT m.is_pre_deleted
  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = m.account_id AND a.left_at IS NOT NULL)`;

/** Every query of the rentrée: its counts, the archive and removal of year N, the class list, the restore. */
@Injectable()
export class RentreeRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** Serializes rentrées and restores: each reads what the others change. */
  async lock(trx: Db): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('sesame:rentree', 0))`.execute(trx);
  }

  async allSchoolIds(executor: Db = this.db): Promise<string[]> {
    return (await executor.selectFrom('schools').select('id').orderBy('uai').execute()).map((r) => r.id);
  }

  /**
   * Matches each class list row with an account: by login, else by INE, among the members the
   * caller reaches (`scope`: their schools; null for the manager's whole académie).
   */
  async resolve(rows: ReadonlyArray<{ line: number; schoolId: string; login: string | null; ine: string | null; className: string }>, scope: readonly string[] | null, executor: Db = this.db): Promise<Placement[]> {
    if (rows.length === 0) return [];
    const reach = scope ? sql`AND EXISTS (SELECT 1 FROM account_schools s WHERE s.account_id = a.id AND s.school_id = ANY(${uuids(scope)}))` : sql``;
    // Two joins, not one on a CASE: the login's unique index answers the first, one hash join the INEs.
    const { rows: found } = await sql<{ line: number; account_id: string; matches: number }>`
      WITH r AS (SELECT * FROM unnest(${sql.val(rows.map((r) => r.line))}::int[], ${texts(rows.map((r) => r.login ?? ''))}, ${texts(rows.map((r) => r.ine ?? ''))}) AS r(line, login, ine)),
      hits AS (SELECT r.line, a.id FROM r JOIN accounts a ON a.username = r.login WHERE r.login <> '' AND a.role = 'member' ${reach}
               UNION ALL
               SELECT r.line, a.id FROM r JOIN accounts a ON a.ine = upper(r.ine) WHERE r.login = '' AND a.role = 'member' ${reach})
      SELECT line, min(id::text)::uuid AS account_id, count(*)::int AS matches FROM hits GROUP BY line`.execute(executor);
    const byLine = new Map(found.map((f) => [f.line, f]));
    return rows.map((r) => {
      const f = byLine.get(r.line);
      return { line: r.line, schoolId: r.schoolId, className: r.className, accountId: f?.matches === 1 ? f.account_id : null, matches: f?.matches ?? 0 };
    });
  }

  /** The counts of opening these schools with these placements (all resolved). */
  async counts(schoolIds: readonly string[], placements: readonly Placement[], executor: Db = this.db): Promise<SchoolCounts[]> {
    const placedAccounts = placements.map((p) => p.accountId!);
    const placedSchools = placements.map((p) => p.schoolId);
    const { rows } = await sql<{ id: string; uai: string; name: string; classes: number; kept: number; kept_placed: number; newcomers: number }>`
      WITH placed AS (SELECT DISTINCT account_id, school_id FROM unnest(${uuids(placedAccounts)}, ${uuids(placedSchools)}) AS p(account_id, school_id))
      SELECT s.id, s.uai, s.name,
        (SELECT count(*) FROM classes c WHERE c.school_id = s.id)::int AS classes,
        (SELECT count(*) FROM account_schools m WHERE m.school_id = s.id AND ${KEPT})::int AS kept,
        (SELECT count(*) FROM account_schools m JOIN placed p ON p.account_id = m.account_id AND p.school_id = m.school_id WHERE m.school_id = s.id AND ${KEPT})::int AS kept_placed,
        (SELECT count(*) FROM placed p WHERE p.school_id = s.id AND NOT EXISTS (SELECT 1 FROM account_schools m WHERE m.account_id = p.account_id AND m.school_id = s.id))::int AS newcomers
      FROM schools s WHERE s.id = ANY(${uuids(schoolIds)}) ORDER BY s.uai`.execute(executor);
    return rows.map((r) => ({
      schoolId: r.id,
      uai: r.uai,
      name: r.name,
      classesArchived: r.classes,
      pupilsKept: r.kept,
      pupilsWithoutClass: r.kept - r.kept_placed,
      newcomers: r.newcomers,
      classesCreated: new Set(placements.filter((p) => p.schoolId === r.id).map((p) => p.className)).size,
    }));
  }

  /** Rentrées (not restored) of any of these schools for this year or a later one. */
  async openedSince(schoolIds: readonly string[], schoolYear: number, executor: Db = this.db): Promise<number[]> {
    const { rows } = await sql<{ school_year: number }>`
      SELECT DISTINCT school_year FROM rentrees WHERE restored_at IS NULL AND school_ids && ${uuids(schoolIds)} AND school_year >= ${schoolYear}`.execute(executor);
    return rows.map((r) => r.school_year);
  }

  async create(trx: Db, row: { schoolYear: number; schoolIds: readonly string[]; openedBy: string; restorableUntil: Date; counts: RentreeCounts }): Promise<string> {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO rentrees (school_year, school_ids, opened_by, restorable_until, counts)
      VALUES (${row.schoolYear}, ${uuids(row.schoolIds)}, ${row.openedBy}, ${row.restorableUntil}, ${JSON.stringify(row.counts)}::jsonb) RETURNING id`.execute(trx);
    return rows[0].id;
  }

  /**
   * Year N put aside in a few statements, whatever the number of pupils: who belongs to each school
   * (the newcomers are the others), its classes and class memberships copied, then removed.
   */
  async archiveYear(trx: Db, rentreeId: string, schoolIds: readonly string[]): Promise<void> {
    const schools = uuids(schoolIds);
    await sql`INSERT INTO rentree_members (rentree_id, school_id, account_id)
              SELECT ${rentreeId}::uuid, school_id, account_id FROM account_schools WHERE school_id = ANY(${schools})`.execute(trx);
    await sql`INSERT INTO rentree_classes (rentree_id, class_id, school_id, name, created_at)
              SELECT ${rentreeId}::uuid, id, school_id, name, created_at FROM classes WHERE school_id = ANY(${schools})`.execute(trx);
    await sql`INSERT INTO rentree_memberships (rentree_id, account_id, class_id, inherited)
              SELECT ${rentreeId}::uuid, ac.account_id, ac.class_id, ac.inherited FROM account_classes ac JOIN classes c ON c.id = ac.class_id
              WHERE c.school_id = ANY(${schools})`.execute(trx);
    await this.removeClasses(trx, schoolIds);
  }

  /**
   * The class list's classes of the year opened, and its pupils in them; accounts new to the school
   * join it. Returns the relatives of the pupils placed (they inherit the new classes).
   */
  async place(trx: Db, placements: readonly Placement[]): Promise<string[]> {
    if (placements.length === 0) return [];
    const list = sql`unnest(${uuids(placements.map((p) => p.accountId!))}, ${uuids(placements.map((p) => p.schoolId))}, ${texts(placements.map((p) => p.className))}) AS p(account_id, school_id, class_name)`;
    await sql`INSERT INTO classes (school_id, name) SELECT DISTINCT school_id, class_name FROM ${list} ON CONFLICT (school_id, name) DO NOTHING`.execute(trx);
    await insertMemberships(sql`
      SELECT DISTINCT account_id, school_id, false FROM ${list}
      WHERE NOT EXISTS (SELECT 1 FROM account_schools m WHERE m.account_id = p.account_id AND m.school_id = p.school_id AND NOT m.inherited)`).execute(trx);
    await sql`
      INSERT INTO account_classes (account_id, class_id, inherited)
      SELECT DISTINCT p.account_id, c.id, false FROM ${list} JOIN classes c ON c.school_id = p.school_id AND c.name = p.class_name
      ON CONFLICT (account_id, class_id) DO UPDATE SET inherited = false`.execute(trx);
    const { rows } = await sql<{ relative_id: string }>`
      SELECT DISTINCT relative_id FROM relative_links WHERE student_id = ANY(${uuids(placements.map((p) => p.accountId!))})`.execute(trx);
    return rows.map((r) => r.relative_id);
  }

  async find(id: string, executor: Db = this.db, { forUpdate = false } = {}): Promise<RentreeRow | undefined> {
    const { rows } = await sql<RentreeRecord>`${this.selectRentrees(sql`r.id = ${id}`)} ${forUpdate ? sql`FOR UPDATE OF r` : sql``}`.execute(executor);
    return rows[0] && toRow(rows[0]);
  }

  /** Newest first; `scope`: only those of these schools (null: all). */
  async list(scope: readonly string[] | null): Promise<RentreeRow[]> {
    const where = scope ? sql`r.school_ids && ${uuids(scope)}` : sql`true`;
    const { rows } = await sql<RentreeRecord>`${this.selectRentrees(where)} ORDER BY r.opened_at DESC LIMIT 200`.execute(this.db);
    return rows.map(toRow);
  }

  /**
   * Year N back exactly: the classes created since in those schools removed (with their
   * memberships), the archived classes again with their ids, and the archived class memberships of
   * the accounts that still exist (those deleted since took theirs with them). School memberships
   * are untouched: newcomers stay in the school.
   */
  async restore(trx: Db, rentree: RentreeRow, actorId: string, now: Date): Promise<void> {
    await this.removeClasses(trx, rentree.schoolIds);
    await sql`INSERT INTO classes (id, school_id, name, created_at)
              SELECT class_id, school_id, name, created_at FROM rentree_classes WHERE rentree_id = ${rentree.id}`.execute(trx);
    await sql`INSERT INTO account_classes (account_id, class_id, inherited)
              SELECT x.account_id, x.class_id, x.inherited FROM rentree_memberships x JOIN accounts a ON a.id = x.account_id WHERE x.rentree_id = ${rentree.id}
              ON CONFLICT DO NOTHING`.execute(trx);
    await sql`UPDATE rentrees SET restored_at = ${now}, restored_by = ${actorId} WHERE id = ${rentree.id}`.execute(trx);
    // Back in the live tables: the copies would only be a second record of the same memberships.
    await sql`DELETE FROM rentree_memberships WHERE rentree_id = ${rentree.id}`.execute(trx);
    await sql`DELETE FROM rentree_classes WHERE rentree_id = ${rentree.id}`.execute(trx);
  }

  private async removeClasses(trx: Db, schoolIds: readonly string[]): Promise<void> {
    const schools = uuids(schoolIds);
    await sql`DELETE FROM account_classes WHERE class_id IN (SELECT id FROM classes WHERE school_id = ANY(${schools}))`.execute(trx);
    await sql`DELETE FROM classes WHERE school_id = ANY(${schools})`.execute(trx);
  }

  private selectRentrees(where: ReturnType<typeof sql>) {
    return sql`
      SELECT r.*, EXISTS (SELECT 1 FROM rentrees l WHERE l.restored_at IS NULL AND l.opened_at > r.opened_at AND l.school_ids && r.school_ids) AS superseded
      FROM rentrees r WHERE ${where}`;
  }
}

function toRow(r: RentreeRecord): RentreeRow {
  return {
    id: r.id,
    schoolYear: r.school_year,
    schoolIds: r.school_ids,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    restorableUntil: r.restorable_until,
    restoredAt: r.restored_at,
    counts: r.counts,
    superseded: r.superseded,
  };
}
