/*
 * Builds a realistic académie for demonstrations and benchmarks:
 *   ACTIVATION_CODE_KEY=<identity's key> npm run seed -- --members 5000000 [--schools 1500]
 * (one school per 3,333 members unless --schools says). Schools with their classes, families of
 * students and relatives (linked), teachers and staff, one administrator and one supervisor per
 * school, a mix of activated accounts, some with email. People are generated inside PostgreSQL
 * (generate_series) and each table is written once, indexes built after (seed-members.ts), which is
 * what makes five million accounts take minutes. Activated accounts and staff share the password
 * printed at the end (one argon2 hash). Activation codes are drawn and sealed with
 * ACTIVATION_CODE_KEY as identity stores them, so benchmarks holding the key can use them.
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
import { fillMissingSkeletons } from '../accounts/login-skeletons.repository';
import { insertMemberships } from '../accounts/memberships.repository';
import type { Database } from '../database/schema';
import { CITIES, PATRONS } from './french-names';
import { loadMembers } from './seed-members';
import { uaiOf } from '@sesame/account-rules';

export const DEMO_PASSWORD = 'démonstration sesame';
const STUDENTS_PER_CLASS = 28;
/** The académie's shape when --schools is not given: 300 schools for 1 M members, 1,500 for 5 M. */
const MEMBERS_PER_SCHOOL = 3_333;

interface SeedOptions {
  schools: number;
  members: number;
  codes: ActivationCodeVault;
  log?: (line: string) => void;
}

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

  // One transaction: members, memberships, classes and links are written with their tables' indexes,
  // keys and triggers set aside, then those are built once (bulk-load.ts). The memory is this
  // session's own (sorts of millions of rows, index builds); the server's settings stay as they are.
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL temp_buffers = '1GB'`.execute(trx);
    await sql`SET LOCAL work_mem = '1GB'`.execute(trx);
    await sql`SET LOCAL maintenance_work_mem = '2GB'`.execute(trx);
    await loadMembers(trx, { schools: options.schools, students, teachers, personnel }, passwordHash, options.codes, (line) => log(`${line} (${elapsed()} s)`));
  });
  log(`members committed (${elapsed()} s)`);

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

  // VACUUM sets the visibility map too, which the selection's index-only counts rely on.
  await sql`VACUUM ANALYZE`.execute(db);
  const counts = await sql<{ role: string; profile: string | null; n: number }>`
    SELECT role, profile, count(*)::int AS n FROM accounts GROUP BY role, profile ORDER BY role, profile`.execute(db);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  return Object.fromEntries(counts.rows.map((r) => [r.profile ?? r.role, r.n]));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { schools: { type: 'string' }, members: { type: 'string', default: '1000000' } } });
  const members = Number(values.members);
  const schools = values.schools === undefined ? Math.max(1, Math.round(members / MEMBERS_PER_SCHOOL)) : Number(values.schools);
  if (!Number.isInteger(schools) || schools < 1 || !Number.isInteger(members) || members < schools) {
    throw new Error('Usage: npm run seed -- --members <n> [--schools <n ≥ 1, ≤ members; default members / 3,333>]');
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
