// bench/activation-codes: the cost of encrypting activation codes at rest (AES-256-GCM, one random
// nonce per code), on the paths that handle many: sealing and opening 100,000 codes in Node (an
// import's staging, a campaign freezing its selection), and identity's start-up pass that seals the
// codes of an existing database (per 100,000 accounts, through PostgreSQL). Sealing and opening
// against their limit in the same run: a bare AES-256-GCM encrypt/decrypt loop with node:crypto,
// the same plaintext length, key size, nonce size and associated data, without the cipher's text
// format (key id, base64url).
//   npm run bench -- activation-codes [-- --codes 100000]
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { machine, report } from '../support/measure.mjs';
import { BENCH_CODE_KEYS, adminQuery, databaseUrl } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
const { FieldCipher } = require('../../libs/auth/dist');
const { createDatabase, migrateToLatest } = require('../../libs/database/dist');
const { identityMigrations } = require('../../services/identity/dist/database/migrations');
const { ActivationCodeVault } = require('../../services/identity/dist/accounts/activation-code-vault');
const { generateActivationCode } = require('../../services/identity/dist/accounts/activation-codes');
const { sealStoredCodes } = require('../../services/identity/dist/maintenance/code-sealing');

const { values } = parseArgs({ options: { codes: { type: 'string', default: '100000' } } });
const N = Number(values.codes);
const per100k = (ms) => (ms * 100_000) / N;

console.log(`# bench/activation-codes — ${machine()}; ${N} codes`);

// In Node: what an import's staging (seal) and a campaign's freeze or a listing (open) add.
const cipher = new FieldCipher(BENCH_CODE_KEYS.ACTIVATION_CODE_KEY);
const items = Array.from({ length: N }, () => ({ id: randomUUID(), code: generateActivationCode() }));
for (const item of items.slice(0, 2000)) cipher.open(cipher.seal(item.code, item.id), item.id); // warm-up
/** Wall time and this process's CPU time (the machine may be shared: CPU time is what the work costs). */
function timed(work) {
  const [wall, cpu] = [performance.now(), process.cpuUsage()];
  const result = work();
  const used = process.cpuUsage(cpu);
  return { result, wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}
const seal = timed(() => items.map((item) => cipher.seal(item.code, item.id)));
const sealed = seal.result;
const open = timed(() => items.reduce((ok, item, i) => ok + (cipher.open(sealed[i], item.id) === item.code ? 1 : 0), 0));
if (open.result !== N) throw new Error(`${N - open.result} codes did not open`);
report('activation_codes.seal.cpu', per100k(seal.cpuMs), 'ms per 100k codes', `${((seal.cpuMs * 1000) / N).toFixed(2)} µs each; wall ${per100k(seal.wallMs).toFixed(0)} ms`);
report('activation_codes.open.cpu', per100k(open.cpuMs), 'ms per 100k codes', `${((open.cpuMs * 1000) / N).toFixed(2)} µs each; wall ${per100k(open.wallMs).toFixed(0)} ms`);

// The limit: AES-256-GCM alone on the same lengths (a 32-byte key, a 12-byte random nonce drawn in
// bulk as FieldCipher's pool does, the code's bytes, the account's id as associated data, the 16-byte tag).
const key = randomBytes(32);
const nonces = randomBytes(12 * N);
const bare = items.map((item) => ({ plain: Buffer.from(item.code, 'utf8'), aad: Buffer.from(item.id, 'utf8') }));
const encrypt = (i) => {
  const nonce = nonces.subarray(12 * i, 12 * i + 12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(bare[i].aad);
  return { nonce, body: Buffer.concat([cipher.update(bare[i].plain), cipher.final()]), tag: cipher.getAuthTag() };
};
const decrypt = (i, { nonce, body, tag }) => {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(bare[i].aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
};
for (let i = 0; i < Math.min(N, 2000); i++) decrypt(i, encrypt(i)); // warm-up
const bareSeal = timed(() => bare.map((_, i) => encrypt(i)));
const bareOpen = timed(() => bareSeal.result.reduce((ok, box, i) => ok + (decrypt(i, box).equals(bare[i].plain) ? 1 : 0), 0));
if (bareOpen.result !== N) throw new Error(`${N - bareOpen.result} bare codes did not decrypt`);
report('activation_codes.seal.limit', per100k(bareSeal.cpuMs), 'ms per 100k codes', `bare AES-256-GCM encryptions, ${((bareSeal.cpuMs * 1000) / N).toFixed(2)} µs each; wall ${per100k(bareSeal.wallMs).toFixed(0)} ms`);
report('activation_codes.seal.ratio', (bareSeal.cpuMs / seal.cpuMs).toFixed(2), '×', 'limit CPU over seal CPU: the rate of sealing over the bare one');
report('activation_codes.open.limit', per100k(bareOpen.cpuMs), 'ms per 100k codes', `bare AES-256-GCM decryptions, ${((bareOpen.cpuMs * 1000) / N).toFixed(2)} µs each; wall ${per100k(bareOpen.wallMs).toFixed(0)} ms`);
report('activation_codes.open.ratio', (bareOpen.cpuMs / open.cpuMs).toFixed(2), '×', 'limit CPU over open CPU: the rate of opening over the bare one');
report('activation_codes.stored_length', sealed[0].length, 'characters', 'instead of 8 in clear');

// In PostgreSQL: the first start of a version that encrypts, on a database whose codes are in clear.
const name = `sesame_bench_codes_${randomUUID().slice(0, 8)}`;
await adminQuery(`CREATE DATABASE "${name}"`);
const db = createDatabase({ url: databaseUrl(name), max: 2, applicationName: 'sesame-bench-codes' });
try {
  await migrateToLatest(db, identityMigrations);
  await adminQuery(
    `INSERT INTO accounts (username, role, profile, first_name, last_name, activation_code, activation_code_expires_at)
     SELECT 'eleve.' || i, 'member', 'student', 'Élève', 'N' || i,
            (SELECT string_agg(substr('abcdefghjkmnpqrtuvwxy346789', 1 + get_byte(uuid_send(gen_random_uuid()), k) % 27, 1), '')
               FROM generate_series(0, 7) k WHERE i IS NOT NULL),
            now() + interval '90 days'
     FROM generate_series(1, ${N}) i`,
    databaseUrl(name),
  );
  await adminQuery('VACUUM ANALYZE accounts', databaseUrl(name));
  const vault = new ActivationCodeVault({ ACTIVATION_CODE_KEY: BENCH_CODE_KEYS.ACTIVATION_CODE_KEY, ACTIVATION_CODE_TTL_DAYS: 90 });
  let [t0, cpu0] = [performance.now(), process.cpuUsage()];
  const first = await sealStoredCodes(db, vault);
  const passMs = performance.now() - t0;
  const passCpu = process.cpuUsage(cpu0);
  t0 = performance.now();
  const again = await sealStoredCodes(db, vault);
  const idleMs = performance.now() - t0;
  if (first.sealed !== N || again.sealed !== 0) throw new Error(`sealed ${first.sealed} then ${again.sealed}`);
  report('activation_codes.first_start_pass', per100k(passMs) / 1000, 's per 100k accounts', `codes in clear sealed in batches of 2000; identity's CPU ${(per100k((passCpu.user + passCpu.system) / 1000) / 1000).toFixed(1)} s, the rest PostgreSQL`);
  report('activation_codes.later_start_pass', idleMs, 'ms', `${N} accounts, nothing left to seal`);
} finally {
  await db.destroy();
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
