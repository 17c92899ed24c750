import { spawnSync } from 'node:child_process';
import { BENCH_CODE_KEYS, SEEDED_ACADEMY, adminQuery, root } from './stack.mjs';

/** Members of the académie at `url`; 0 when it does not exist yet. */
export const membersIn = async (url) => (await adminQuery(`SELECT count(*)::int AS n FROM accounts WHERE role = 'member'`, url).catch(() => [{ n: 0 }]))[0].n;

/**
 * The seeded académie of the benchmarks (300 schools, 1,000,000 members), seeded the first time (a
 * few minutes) and kept as sesame_bench_1m for the next runs. Returns its members.
 */
export async function seededAcademy(databaseUrl = SEEDED_ACADEMY) {
  let members = await membersIn(databaseUrl);
  // Another académie, named by --database, is used as it is (seeded with `npm run seed`).
  if (databaseUrl !== SEEDED_ACADEMY) {
    if (members === 0) throw new Error(`${databaseUrl} holds no members: seed it first (npm run seed -- --members …)`);
    return members;
  }
  if (members < 900_000) {
    console.log(`# seeding ${databaseUrl} (300 schools, 1,000,000 members)…`);
    const seeded = spawnSync(process.execPath, [`${root}/services/identity/dist/tools/seed.js`, '--schools', '300', '--members', '1000000'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, ...BENCH_CODE_KEYS },
      stdio: 'inherit',
    });
    if (seeded.status !== 0) process.exit(1);
    members = await membersIn(databaseUrl);
  }
  return members;
}
