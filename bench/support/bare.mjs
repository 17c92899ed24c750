// The limits the benchmarks print beside their rates (issue 19): the same work done bare, in the
// benchmark's own process and in the same run, so that a ratio says what the service adds to it
// however loaded the shared machine is.
import { createRequire } from 'node:module';
import { load } from './measure.mjs';
import { root } from './stack.mjs';

const require = createRequire(import.meta.url);
const argon2 = require(`${root}/node_modules/@node-rs/argon2`);

/** identity's argon2id parameters in production (ARGON2_MEMORY_KIB, ARGON2_ITERATIONS; p = 1). */
export const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A rate against its limit's, as the benchmarks print it: two decimals, 1.00 = the limit reached. */
export const ratio = (rate, limit) => (rate / limit).toFixed(2);

/**
 * argon2id with @node-rs/argon2 as identity calls it (on libuv's pool, the password NFC-normalized):
 * `verify` of `passwordHash`, or `hash` of `password` with ARGON2, at `concurrency` for `seconds`
 * or `total` operations. Returns load()'s figures.
 */
export async function bareArgon2({ work, password, passwordHash, concurrency, seconds, total }) {
  const task =
    work === 'verify'
      ? async () => argon2.verify(passwordHash, password.normalize('NFC'))
      : async () => (await argon2.hash(password.normalize('NFC'), ARGON2)).startsWith('$argon2id$');
  await load({ concurrency, total: concurrency, task }); // warm-up: the pool's threads and their memory
  return load({ concurrency, seconds, total, task });
}

/**
 * Stops one service of a stack (SIGTERM), and waits until it has exited: a limit measured on its
 * database then shares the machine with nothing of the run, as the outbox relay would otherwise
 * publish the limit's events. stack.stop() afterwards still drops the databases.
 */
export async function stopService(stack, name) {
  const pid = stack.pids[name];
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
}
