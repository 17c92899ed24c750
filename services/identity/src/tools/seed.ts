/*
 * Builds a realistic académie for demonstrations and benchmarks:
 *   ACTIVATION_CODE_KEY=<identity's key> npm run seed -- --schools 300 --members 1000000
 * Schools with their classes, families of students and relatives (linked), teachers and staff,
 * one administrator and one supervisor per school, a mix of activated accounts, some with email.
 * Everything is generated inside PostgreSQL (generate_series), which is what makes a million
 * accounts take minutes. Activated accounts and staff share the password printed at the end.
 * Activation codes are drawn in SQL too, then sealed with ACTIVATION_CODE_KEY (as identity stores them).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/argon2';
import { loadConfig } from '@sesame/config';
import { createDatabase, ensureDatabaseExists, migrateToLatest } from '@sesame/database';
import { Kysely, sql } from 'kysely';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { IdentityConfigSchema } from '../config/identity.config';
import { identityMigrations } from '../database/migrations';
import { sealStoredCodes } from '../maintenance/code-sealing';
import { fillMissingSkeletons } from '../accounts/login-skeletons.repository';
import { insertMemberships } from '../accounts/memberships.repository';
import type { Database } from '../database/schema';
import { CITIES, FIRST_NAMES, LAST_NAMES, PATRONS } from './french-names';
import { uaiOf } from '@sesame/account-rules';

export const DEMO_PASSWORD = 'démonstration sesame';
const STUDENTS_PER_CLASS = 28;

interface SeedOptions {
  schools: number;
  members: number;
  codes: ActivationCodeVault;
  log?: (line: string) => void;
}

/** Login base in SQL, as loginBase() does in TypeScript: `firstname.lastname`, folded. */
const loginPart = (column: string) =>
  sql.raw(`trim(both '-' from regexp_replace(replace(replace(sesame_fold(${column}), '''', ''), '’', ''), '[^a-z0-9]+', '-', 'g'))`);

export async function seed(db: Kysely<Database>, options: SeedOptions): Promise<Record<string, number>> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const existing = await db.selectFrom('accounts').select(sql<number>`count(*)::int`.as('n')).where('role', '=', 'member').executeTakeFirstOrThrow();
  if (existing.n > 0) throw new Error(`The directory already has ${existing.n} members: seed an empty database.`);

  const students = Math.round(options.members * 0.44);
  const teachers = Math.round(options.members * 0.05);
  const personnel = Math.round(options.members * 0.01);
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });

  // Schools: two thirds collèges (6e–3e), one third lycées (2nde–Tle), each with its classes.
  const schoolRows = Array.from({ length: options.schools }, (_, i) => {
    const lycee = i % 3 === 2;
    return {
      uai: uaiOf(750_000 + i * 7),
      name: `${lycee ? 'Lycée' : 'Collège'} ${PATRONS[i % PATRONS.length]}${i >= PATRONS.length ? ` ${Math.floor(i / PATRONS.length) + 1}` : ''}`,
      city: CITIES[i % CITIES.length],
      lycee,
    };
  });
  for (let i = 0; i < schoolRows.length; i += 500) {
    await db.insertInto('schools').values(schoolRows.slice(i, i + 500).map(({ uai, name, city }) => ({ uai, name, city }))).execute();
  }
  const perSchool = Math.ceil(students / options.schools);
  const classRows: Array<{ uai: string; name: string }> = [];
  for (const school of schoolRows) {
    const levels = school.lycee ? ['2nde ', '1re ', 'Tle '] : ['6', '5', '4', '3'];
    const perLevel = Math.min(26, Math.max(1, Math.ceil(perSchool / STUDENTS_PER_CLASS / levels.length)));
    for (const level of levels) {
      for (let n = 0; n < perLevel; n++) classRows.push({ uai: school.uai, name: school.lycee ? `${level}${n + 1}` : `${level}${String.fromCharCode(65 + n)}` });
    }
  }
  await sql`
    INSERT INTO classes (school_id, name)
    SELECT s.id, c.name FROM unnest(${sql.val(classRows.map((c) => c.uai))}::text[], ${sql.val(classRows.map((c) => c.name))}::text[]) AS c(uai, name)
    JOIN schools s ON s.uai = c.uai`.execute(db);
  log(`schools and classes: ${options.schools} schools, ${classRows.length} classes`);

  // Everyone first goes to a staging table (no index to maintain), then into accounts at once,
  // so logins get their collision suffix in one pass over the whole académie.
  await sql`
    CREATE TEMP TABLE seed_people (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), kind text, school int, family int, class_slot int,
      first_name text, last_name text, activated boolean, with_email boolean, created_at timestamptz)`.execute(db);
  await sql`CREATE TEMP TABLE seed_schools AS SELECT row_number() OVER (ORDER BY uai) - 1 AS idx, id FROM schools`.execute(db);
  await sql`CREATE TEMP TABLE seed_classes AS SELECT school_id, row_number() OVER (PARTITION BY school_id ORDER BY name) - 1 AS slot, id,
    count(*) OVER (PARTITION BY school_id) AS per_school FROM classes`.execute(db);
  const first = sql`(${sql.val(FIRST_NAMES)}::text[])`;
  const last = sql`(${sql.val(LAST_NAMES)}::text[])`;
  const created = sql`now() - random() * interval '1000 days'`;

  // Families: 2 of every 3 consecutive students share a family with the next one (1.5 children per
  // family on average), each family with one or two relatives and its own last name.
  await sql`
    CREATE TEMP TABLE seed_families AS
    SELECT f AS family, ${last}[1 + floor(random() * array_length(${last}, 1))::int] AS last_name, random() < 0.7 AS two_relatives
    FROM generate_series(0, ${students}) f`.execute(db);
  await sql`
    INSERT INTO seed_people (kind, school, family, class_slot, first_name, last_name, activated, with_email, created_at)
    SELECT 'student', (k - k / 3) % ${options.schools}, k - k / 3, floor(random() * 1000)::int,
           ${first}[1 + floor(random() * array_length(${first}, 1))::int], f.last_name, random() < 0.55, random() < 0.15, ${created}
    FROM generate_series(0, ${students - 1}) k JOIN seed_families f ON f.family = k - k / 3`.execute(db);
  await sql`
    INSERT INTO seed_people (kind, school, family, first_name, last_name, activated, with_email, created_at)
    SELECT 'relative', f.family % ${options.schools}, f.family,
           ${first}[1 + floor(random() * array_length(${first}, 1))::int], f.last_name, random() < 0.6, random() < 0.6, ${created}
    FROM seed_families f CROSS JOIN generate_series(1, 2) r
    WHERE f.family IN (SELECT family FROM seed_people WHERE kind = 'student') AND (r = 1 OR f.two_relatives)`.execute(db);
  await sql`
    INSERT INTO seed_people (kind, school, class_slot, first_name, last_name, activated, with_email, created_at)
    SELECT CASE WHEN k < ${teachers} THEN 'teacher' ELSE 'personnel' END, k % ${options.schools}, floor(random() * 1000)::int,
           ${first}[1 + floor(random() * array_length(${first}, 1))::int], ${last}[1 + floor(random() * array_length(${last}, 1))::int],
           random() < 0.8, true, ${created}
    FROM generate_series(0, ${teachers + personnel - 1}) k`.execute(db);
  log(`people generated (${Math.round((Date.now() - started) / 1000)} s)`);

  await sql`
    INSERT INTO accounts (id, username, first_name, last_name, email, role, profile, password_hash, activated_at,
                          activation_code, activation_code_expires_at, created_at, updated_at)
    SELECT p.id, p.username, p.first_name, p.last_name,
           CASE WHEN p.with_email THEN p.username || '@example.org' END,
           'member', p.kind, CASE WHEN p.activated THEN ${passwordHash} END,
           CASE WHEN p.activated THEN p.created_at + random() * interval '30 days' END,
           CASE WHEN NOT p.activated THEN (
             SELECT string_agg(substr('abcdefghjkmnpqrtuvwxy346789', 1 + get_byte(b.bytes, i) % 27, 1), '' ORDER BY i)
             FROM (SELECT uuid_send(gen_random_uuid()) AS bytes WHERE p.id IS NOT NULL) b, generate_series(0, 7) i) END,
           CASE WHEN NOT p.activated THEN now() + interval '90 days' END,
           p.created_at, p.created_at
    FROM (
      SELECT s.*, base || CASE WHEN rn = 1 THEN '' ELSE rn::text END AS username
      FROM (
        SELECT q.*, row_number() OVER (PARTITION BY base ORDER BY q.created_at, q.id) AS rn
        FROM (SELECT sp.*, left(${loginPart('sp.first_name')} || '.' || ${loginPart('sp.last_name')}, 56) AS base FROM seed_people sp) q
      ) s
    ) p`.execute(db);
  log(`accounts inserted (${Math.round((Date.now() - started) / 1000)} s)`);
  const { sealed } = await sealStoredCodes(db, options.codes);
  log(`${sealed} activation codes sealed (${Math.round((Date.now() - started) / 1000)} s)`);

  await insertMemberships(sql`
    SELECT p.id, s.id, false FROM seed_people p JOIN seed_schools s ON s.idx = p.school WHERE p.kind <> 'relative'`).execute(db);
  await sql`
    INSERT INTO account_classes (account_id, class_id)
    SELECT p.id, c.id FROM seed_people p JOIN seed_schools s ON s.idx = p.school
    JOIN seed_classes c ON c.school_id = s.id AND c.slot = p.class_slot % c.per_school
    WHERE p.kind = 'student'`.execute(db);
  // Teachers take three classes of their school.
  await sql`
    INSERT INTO account_classes (account_id, class_id)
    SELECT DISTINCT p.id, c.id FROM seed_people p JOIN seed_schools s ON s.idx = p.school
    CROSS JOIN generate_series(0, 2) n
    JOIN seed_classes c ON c.school_id = s.id AND c.slot = (p.class_slot + n * 7) % c.per_school
    WHERE p.kind = 'teacher'`.execute(db);
  await sql`
    INSERT INTO relative_links (relative_id, student_id)
    SELECT r.id, k.id FROM seed_people r JOIN seed_people k ON k.family = r.family AND k.kind = 'student'
    WHERE r.kind = 'relative'`.execute(db);
  // What relatives inherit from their children (as refreshRelatives does for a few).
  await insertMemberships(sql`
    SELECT DISTINCT l.relative_id, s.school_id, true FROM relative_links l JOIN account_schools s ON s.account_id = l.student_id`).execute(db);
  await sql`
    INSERT INTO account_classes (account_id, class_id, inherited)
    SELECT DISTINCT l.relative_id, c.class_id, true FROM relative_links l JOIN account_classes c ON c.account_id = l.student_id
    ON CONFLICT DO NOTHING`.execute(db);
  log(`schools, classes and family links (${Math.round((Date.now() - started) / 1000)} s)`);

  // Staff: an administrator and a supervisor per school.
  await sql`
    INSERT INTO accounts (username, first_name, last_name, email, role, password_hash, activated_at)
    SELECT 'direction.' || lower(s.uai), 'Direction', s.name, 'direction.' || lower(s.uai) || '@example.org', 'administrator', ${passwordHash}, now()
    FROM schools s`.execute(db);
  await insertMemberships(sql`
    SELECT a.id, s.id, false FROM accounts a JOIN schools s ON a.username = 'direction.' || lower(s.uai)`).execute(db);
  await sql`
    INSERT INTO accounts (username, first_name, last_name, email, role, managed_by, password_hash, activated_at)
    SELECT 'vie-scolaire.' || lower(s.uai), 'Vie scolaire', s.name, 'vie-scolaire.' || lower(s.uai) || '@example.org', 'supervisor', a.id, ${passwordHash}, now()
    FROM schools s JOIN accounts a ON a.username = 'direction.' || lower(s.uai)`.execute(db);

  // Accounts are written in bulk by SQL: their login skeletons (migration 0009) are computed after.
  await fillMissingSkeletons(db);
  log(`login skeletons (${Math.round((Date.now() - started) / 1000)} s)`);

  await sql`DROP TABLE seed_people, seed_schools, seed_classes, seed_families`.execute(db);
  // VACUUM sets the visibility map too, which the selection's index-only counts rely on.
  await sql`VACUUM ANALYZE`.execute(db);
  const counts = await sql<{ role: string; profile: string | null; n: number }>`
    SELECT role, profile, count(*)::int AS n FROM accounts GROUP BY role, profile ORDER BY role, profile`.execute(db);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  return Object.fromEntries(counts.rows.map((r) => [r.profile ?? r.role, r.n]));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { schools: { type: 'string', default: '300' }, members: { type: 'string', default: '1000000' } } });
  const schools = Number(values.schools);
  const members = Number(values.members);
  if (!Number.isInteger(schools) || schools < 1 || !Number.isInteger(members) || members < schools) {
    throw new Error('Usage: npm run seed -- --schools <n ≥ 1> --members <n ≥ schools>');
  }
  const config = loadConfig(
    IdentityConfigSchema.pick({ DATABASE_URL: true, ACTIVATION_CODE_KEY: true, ACTIVATION_CODE_PREVIOUS_KEYS: true, ACTIVATION_CODE_TTL_DAYS: true }),
  );
  await ensureDatabaseExists(config.DATABASE_URL);
  const db = createDatabase<Database>({ url: config.DATABASE_URL, max: 2, applicationName: 'sesame-seed' });
  try {
    await migrateToLatest(db as Kysely<unknown>, identityMigrations);
    const codes = new ActivationCodeVault(config);
    const counts = await seed(db, { schools, members, codes, log: (line) => process.stdout.write(`seed: ${line}\n`) });
    process.stdout.write(`seed: accounts by profile ${JSON.stringify(counts)}\n`);
    process.stdout.write(
      `seed: administrators sign in as direction.<uai in lower case> (e.g. direction.${uaiOf(750_000).toLowerCase()}), ` +
        `supervisors as vie-scolaire.<uai>; they and every activated member use the password «${DEMO_PASSWORD}».\n`,
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
