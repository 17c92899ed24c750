import { readFileSync } from 'node:fs';
import os from 'node:os';

// Load generation and figures shared by the benchmarks.

/** Runs `task(i)` with `concurrency` workers until `total` tasks or `seconds` have passed. */
export async function load({ concurrency, total = Infinity, seconds = Infinity, task }) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  async function worker() {
    while (next < total && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      const ok = await task(i);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { count: latencies.length, failures, elapsed, rate: latencies.length / elapsed, ...percentiles(latencies) };
}

export function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

/** One figure per line: `name: value unit`, easy to read and to grep. */
export function report(name, value, unit, note = '') {
  const shown = typeof value === 'number' ? (value >= 100 ? value.toFixed(0) : value.toFixed(1)) : value;
  process.stdout.write(`${name}: ${shown} ${unit}${note ? `  (${note})` : ''}\n`);
}

/** The machine the figures were measured on. */
export function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.versions.node}`;
}

/**
 * CPU seconds a process has used so far (user + system, from /proc/<pid>/stat; Linux), or NaN where
 * /proc is not there. Read before and after a load: the difference over the requests served is the
 * CPU each request cost that process.
 */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, inside parentheses): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;
