import { readFileSync, writeFileSync } from 'node:fs';

// Reads a V8 CPU profile (`node --cpu-prof`, the format Chrome DevTools and speedscope open as a
// flame graph) and tells where the time went: by function (self time) and by package.

/**
 * `{ functions, packages, totalMs }`: the heaviest functions and packages by self time. With
 * `window` ({ from, to, exitedAt }, ms since the epoch), only the samples taken between `from` and
 * `to` count: the profile's clock is placed on the wall clock by its end, the process's exit.
 */
export function summarizeProfile(file, { top = 15, window } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (const { id, us } of samplesWithin(profile, window)) self.set(id, (self.get(id) ?? 0) + us);
  const functions = new Map();
  const packages = new Map();
  let totalUs = 0;
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)' || callFrame.functionName === '(program)') continue;
    totalUs += us;
    const where = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const name = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
    const owner = packageOf(callFrame);
    packages.set(owner, (packages.get(owner) ?? 0) + us);
  }
  const heaviest = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }));
  return { functions: heaviest(functions), packages: heaviest(packages), totalMs: totalUs / 1000 };
}

function shortUrl(url) {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const sesame = url.search(/\/(services|libs)\//);
  return sesame === -1 ? url.replace(/^file:\/\//, '') : url.slice(sesame + 1);
}

/** The npm package, Sesame's service or library, or Node itself a frame belongs to. */
function packageOf({ url, functionName }) {
  if (!url) return functionName === '(garbage collector)' ? '(garbage collector)' : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const sesame = /\/(services|libs)\/([^/]+)\//.exec(url);
  if (sesame) return `${sesame[1]}/${sesame[2]}`;
  return url.startsWith('node:') ? 'node' : 'other';
}

/**
 * Writes to `out` the part of a profile taken within `window` (see summarizeProfile): a flame graph
 * of the load alone, without the process's start and stop, for DevTools or speedscope.
 */
export function writeProfileWindow(file, window, out) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const kept = [...samplesWithin(profile, window)];
  const timeDeltas = kept.map((sample, i) => (i === 0 ? 0 : sample.at - kept[i - 1].at));
  const startTime = kept[0]?.at ?? profile.startTime;
  writeFileSync(out, JSON.stringify({ nodes: profile.nodes, startTime, endTime: kept.at(-1)?.at ?? startTime, samples: kept.map((s) => s.id), timeDeltas }));
}

/**
 * The profile's samples `{ id, at, us }` (node, time on the profile's clock, time it stands for),
 * those taken within `window` only when one is given. timeDeltas[i] is the time before samples[i]:
 * each sample stands for the next delta. The profile's clock is placed on the wall clock by its end.
 */
function* samplesWithin(profile, window) {
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    const wall = window ? window.exitedAt - (profile.endTime - at) / 1000 : 0;
    if (!window || (wall >= window.from && wall <= window.to)) yield { id: profile.samples[i], at, us: profile.timeDeltas[i + 1] ?? 0 };
  }
}
