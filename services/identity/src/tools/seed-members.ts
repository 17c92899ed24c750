import { loginSkeleton } from '@sesame/account-rules';
import { Kysely, RawBuilder, sql } from 'kysely';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { insertMemberships } from '../accounts/memberships.repository';
import type { Database } from '../database/schema';
import { withoutIndexes } from './bulk-load';
import { FIRST_NAMES, LAST_NAMES } from './french-names';

export interface MemberCounts {
  schools: number;
  students: number;
  teachers: number;
  personnel: number;
}

const CODE_BATCH = 20_000;
/** What the seed's logins are made of (loginPart below, a dot, a number): its skeletons are computed in SQL. */
const LOGIN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789.-';

/** Login base in SQL, as loginBase() does in TypeScript: `firstname.lastname`, folded. */
const loginPart = (column: string) =>
  sql.raw(`trim(both '-' from regexp_replace(replace(replace(sesame_fold(${column}), '''', ''), '’', ''), '[^a-z0-9]+', '-', 'g'))`);

/**
 * loginSkeleton() in SQL for logins written with LOGIN_ALPHABET only (null for any other, filled
 * after by fillMissingSkeletons): each character replaced by its prototype, through private-use
 * characters so that no prototype is replaced again by a later character's replace().
 */
export function skeletonSql(column: string): RawBuilder<string | null> {
  const changed = [...LOGIN_ALPHABET].filter((c) => loginSkeleton(c) !== c);
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  let expression = column;
  changed.forEach((c, i) => (expression = `replace(${expression}, ${literal(c)}, chr(${0xe000 + i}))`));
  changed.forEach((c, i) => (expression = `replace(${expression}, chr(${0xe000 + i}), ${literal(loginSkeleton(c))})`));
  return sql.raw(`CASE WHEN ${column} ~ '^[a-z0-9.-]+$' THEN ${expression} END`);
}

/**
 * Writes the members, their memberships, classes and family links in one pass each, inside the
 * caller's transaction: people are drawn into temporary tables (no WAL, no index), their activation
 * codes drawn and sealed here in batches, then every table is filled once with its indexes and
 * keys set aside (bulk-load.ts) and the tallies written as the triggers would have.
 */
export async function loadMembers(
  trx: Kysely<Database>,
  counts: MemberCounts,
  passwordHash: string,
  codes: ActivationCodeVault,
  log: (line: string) => void,
): Promise<void> {
  const { schools, students, teachers, personnel } = counts;
  await sql`
    CREATE TEMP TABLE seed_people (
      id uuid DEFAULT gen_random_uuid(), kind text, school int, family int, class_slot int,
      first_name text, last_name text, activated boolean, with_email boolean, created_at timestamptz) ON COMMIT DROP`.execute(trx);
  await sql`CREATE TEMP TABLE seed_schools ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY uai) - 1 AS idx, id FROM schools`.execute(trx);
  await sql`CREATE TEMP TABLE seed_classes ON COMMIT DROP AS SELECT school_id, row_number() OVER (PARTITION BY school_id ORDER BY name) - 1 AS slot, id,
    count(*) OVER (PARTITION BY school_id) AS per_school FROM classes`.execute(trx);
  const first = sql`(${sql.val(FIRST_NAMES)}::text[])`;
  const last = sql`(${sql.val(LAST_NAMES)}::text[])`;
  const created = sql`now() - random() * interval '1000 days'`;

  // Families: 2 of every 3 consecutive students share a family with the next one (1.5 children per
  // family on average), each family with one or two relatives and its own last name.
  await sql`
    CREATE TEMP TABLE seed_families ON COMMIT DROP AS
    SELECT f AS family, ${last}[1 + floor(random() * array_length(${last}, 1))::int] AS last_name, random() < 0.7 AS two_relatives
    FROM generate_series(0, ${students}) f`.execute(trx);
  await sql`
    INSERT INTO seed_people (kind, school, family, class_slot, first_name, last_name, activated, with_email, created_at)
    SELECT 'student', (k - k / 3) % ${schools}, k - k / 3, floor(random() * 1000)::int,
           ${first}[1 + floor(random() * array_length(${first}, 1))::int], f.last_name, random() < 0.55, random() < 0.15, ${created}
    FROM generate_series(0, ${students - 1}) k JOIN seed_families f ON f.family = k - k / 3`.execute(trx);
  await sql`
    INSERT INTO seed_people (kind, school, family, first_name, last_name, activated, with_email, created_at)
    SELECT 'relative', f.family % ${schools}, f.family,
           ${first}[1 + floor(random() * array_length(${first}, 1))::int], f.last_name, random() < 0.6, random() < 0.6, ${created}
    FROM seed_families f CROSS JOIN generate_series(1, 2) r
    WHERE f.family IN (SELECT family FROM seed_people WHERE kind = 'student') AND (r = 1 OR f.two_relatives)`.execute(trx);
  await sql`
    INSERT INTO seed_people (kind, school, class_slot, first_name, last_name, activated, with_email, created_at)
    SELECT CASE WHEN k < ${teachers} THEN 'teacher' ELSE 'personnel' END, k % ${schools}, floor(random() * 1000)::int,
           ${first}[1 + floor(random() * array_length(${first}, 1))::int], ${last}[1 + floor(random() * array_length(${last}, 1))::int],
           random() < 0.8, true, ${created}
    FROM generate_series(0, ${teachers + personnel - 1}) k`.execute(trx);
  // Each name's part of the login, folded once rather than once per account.
  await sql`
    CREATE TEMP TABLE seed_login_parts ON COMMIT DROP AS
    SELECT name, ${loginPart('name')} AS part FROM (SELECT unnest(${first}) UNION SELECT unnest(${last})) n(name)`.execute(trx);
  await sql`ANALYZE seed_people, seed_login_parts`.execute(trx);
  log('people generated');

  const sealed = await sealCodes(trx, codes);
  log(`${sealed} activation codes drawn and sealed`);

  await withoutIndexes(trx, ['accounts', 'account_schools', 'account_classes', 'relative_links'], async () => {
    // Logins get their collision suffix in one pass over the whole académie, then their skeleton and
    // its rank (look-alikes in the order of their ids, as fillMissingSkeletons ranks them).
    // updated_at is now(): what the link triggers set when the account's schools and links arrive.
    await sql`
      INSERT INTO accounts (id, username, username_skeleton, username_skeleton_rank, first_name, last_name, email, role, profile,
                            password_hash, activated_at, activation_code, activation_code_expires_at, created_at, updated_at)
      SELECT p.id, p.username, p.skeleton,
             CASE WHEN p.skeleton IS NULL THEN 0 ELSE row_number() OVER (PARTITION BY p.skeleton ORDER BY p.id) - 1 END,
             p.first_name, p.last_name, CASE WHEN p.with_email THEN p.username || '@example.org' END,
             'member', p.kind, CASE WHEN p.activated THEN ${passwordHash} END,
             CASE WHEN p.activated THEN p.created_at + random() * interval '30 days' END,
             c.code, c.expires_at, p.created_at, now()
      FROM (
        SELECT s.*, ${skeletonSql('s.username')} AS skeleton
        FROM (
          SELECT q.*, base || CASE WHEN rn = 1 THEN '' ELSE rn::text END AS username
          FROM (
            SELECT b.*, row_number() OVER (PARTITION BY base ORDER BY b.created_at, b.id) AS rn
            FROM (SELECT sp.*, left(f.part || '.' || l.part, 56) AS base
                  FROM seed_people sp JOIN seed_login_parts f ON f.name = sp.first_name JOIN seed_login_parts l ON l.name = sp.last_name) b
          ) q
        ) s
      ) p LEFT JOIN seed_codes c ON c.id = p.id`.execute(trx);
    // The statement trigger of migration 0007 (disabled during the load) would have written this ledger row per combination.
    await sql`
      INSERT INTO account_tallies
      SELECT role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, last_distributed_at IS NULL, count(*)
        FROM accounts GROUP BY 1, 2, 3, 4, 5, 6, 7`.execute(trx);
    log('accounts inserted');

    await insertMemberships(
      sql`SELECT p.id, s.id, false FROM seed_people p JOIN seed_schools s ON s.idx = p.school WHERE p.kind <> 'relative'`,
      { fresh: true },
    ).execute(trx);
    // Class rows carry their account's counted state (migration 0022), as its fill trigger would copy it.
    await sql`
      INSERT INTO account_classes (account_id, class_id, role, is_activated, is_deactivated, is_pre_deleted)
      SELECT p.id, c.id, 'member', p.activated, false, false FROM seed_people p JOIN seed_schools s ON s.idx = p.school
      JOIN seed_classes c ON c.school_id = s.id AND c.slot = p.class_slot % c.per_school
      WHERE p.kind = 'student'`.execute(trx);
    // Teachers take three classes of their school.
    await sql`
      INSERT INTO account_classes (account_id, class_id, role, is_activated, is_deactivated, is_pre_deleted)
      SELECT DISTINCT p.id, c.id, 'member', p.activated, false, false FROM seed_people p JOIN seed_schools s ON s.idx = p.school
      CROSS JOIN generate_series(0, 2) n
      JOIN seed_classes c ON c.school_id = s.id AND c.slot = (p.class_slot + n * 7) % c.per_school
      WHERE p.kind = 'teacher'`.execute(trx);
    await sql`
      INSERT INTO relative_links (relative_id, student_id)
      SELECT r.id, k.id FROM seed_people r JOIN seed_people k ON k.family = r.family AND k.kind = 'student'
      WHERE r.kind = 'relative'`.execute(trx);
    // What relatives inherit from their children (as refreshRelatives does for a few): relatives
    // have no schools or classes of their own here, so DISTINCT is all the merging needed.
    await insertMemberships(
      sql`SELECT DISTINCT l.relative_id, s.school_id, true FROM relative_links l JOIN account_schools s ON s.account_id = l.student_id`,
      { fresh: true },
    ).execute(trx);
    await sql`
      INSERT INTO account_classes (account_id, class_id, inherited, role, is_activated, is_deactivated, is_pre_deleted)
      SELECT DISTINCT l.relative_id, c.class_id, true, 'member', r.activated, false, false
      FROM relative_links l JOIN account_classes c ON c.account_id = l.student_id JOIN seed_people r ON r.id = l.relative_id`.execute(trx);
    // The activation report's ledgers (migration 0022), as their disabled triggers would have written them.
    await sql`
      INSERT INTO activation_counts_by_profile
      SELECT school_id, profile, count(*) FILTER (WHERE is_activated), count(*) FILTER (WHERE NOT is_activated)
        FROM account_schools WHERE role = 'member' AND NOT is_deactivated AND NOT is_pre_deleted GROUP BY 1, 2`.execute(trx);
    await sql`
      INSERT INTO activation_counts_by_class
      SELECT class_id, count(*) FILTER (WHERE is_activated), count(*) FILTER (WHERE NOT is_activated)
        FROM account_classes WHERE role = 'member' AND NOT is_deactivated AND NOT is_pre_deleted GROUP BY 1`.execute(trx);
    log('schools, classes and family links inserted; indexes and keys being built');
  });
}

/** Draws and seals (as identity stores them) the codes of the accounts not yet activated, into seed_codes. */
async function sealCodes(trx: Kysely<Database>, codes: ActivationCodeVault): Promise<number> {
  await sql`CREATE TEMP TABLE seed_codes (id uuid, code text, expires_at timestamptz) ON COMMIT DROP`.execute(trx);
  await sql`DECLARE seed_unactivated NO SCROLL CURSOR FOR SELECT id FROM seed_people WHERE NOT activated`.execute(trx);
  const now = Date.now();
  let sealed = 0;
  for (;;) {
    const { rows } = await sql<{ id: string }>`FETCH ${sql.raw(String(CODE_BATCH))} FROM seed_unactivated`.execute(trx);
    if (rows.length === 0) break;
    const fresh = rows.map((r) => codes.fresh(r.id, now));
    await sql`
      INSERT INTO seed_codes
      SELECT id, code, ${fresh[0].expiresAt} FROM unnest(${sql.val(rows.map((r) => r.id))}::uuid[], ${sql.val(fresh.map((f) => f.sealed))}::text[]) AS c(id, code)`.execute(
      trx,
    );
    sealed += rows.length;
  }
  await sql`CLOSE seed_unactivated`.execute(trx);
  await sql`ANALYZE seed_codes`.execute(trx);
  return sealed;
}
