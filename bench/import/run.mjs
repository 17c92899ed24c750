// bench/import: CSV imports through the gateway (SPEC §5), the services built and started as
// separate processes with production settings (argon2id m=19 MiB, t=2).
//   npm run bench:import [-- --members 100000 --staff 2000]
// Figures: validation rows/s (upload to `ready`), import rows/s (confirm to `done`), the importer's
// peak memory (VmHWM), and for staff rows with passwords the hashes per second and per core.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { machine, report } from '../support/measure.mjs';
import { MANAGER, call, deployedNodeOptions, startServices } from '../support/stack.mjs';
import { bareCommit, bareValidation } from './limits.mjs';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    staff: { type: 'string', default: '2000' },
  },
});
const MEMBERS = Number(values.members);
const STAFF = Number(values.staff);
const HEADER = 'userName,firstName,lastName,displayName,password,email,role,profile,school,classes,externalId';
const CLASSES = ['6A', '6B', '5A', '5B', '4A', '4B', '3A', '3B'];

/** A line of /proc/<pid>/status (Linux), in MiB: VmHWM is the peak resident memory so far, VmRSS the current one. */
function statusMiB(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line.replace(/\D+/g, '')) / 1024;
}
const peakRssMiB = (pid) => statusMiB(pid, 'VmHWM');

async function uploadCsv(url, token, text, fields = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([text], { type: 'text/csv' }), 'bench.csv');
  const response = await fetch(`${url}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await response.json();
  if (response.status !== 202) throw new Error(`upload → ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** The importer's resident memory, sampled every 50 ms, highest per phase of the import being watched. */
const memory = { phase: 'upload', peaks: {}, seen: [] };
function sampleMemory(pid) {
  const timer = setInterval(() => {
    const rss = statusMiB(pid, 'VmRSS');
    memory.peaks[memory.phase] = Math.max(memory.peaks[memory.phase] ?? 0, rss);
  }, 50);
  return () => clearInterval(timer);
}

/** Polls the report until it leaves `transient`; returns it with the time it was seen. */
async function until(url, token, id, transient) {
  for (;;) {
    const { status, body } = await call(url, 'GET', `/api/v1/imports/${id}`, undefined, token);
    if (status !== 200) throw new Error(`report → ${status} ${JSON.stringify(body)}`);
    const phase = `${memory.prefix ?? ''}${body.progress.phase}`;
    if (phase !== memory.phase) memory.seen.push([phase, performance.now()]);
    memory.phase = phase;
    if (body.status !== transient) return { report: body, at: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function membersCsv(count) {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    lines.push(`eleve.${i},Élève,Numéro ${i},,,,,student,0750001U,${CLASSES[i % CLASSES.length]},SIECLE-${i}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function staffCsv(count) {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    lines.push(`superviseur.${i},Camille,Roux ${i},,une phrase de passe numéro ${i} bien longue,superviseur.${i}@ac-bench.fr,S,,,,`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

// The importer runs with the heap limit it is deployed with (deploy/k8s): its peak memory is a figure here.
const stack = await startServices(['identity', 'importer', 'gateway'], { importer: { NODE_OPTIONS: deployedNodeOptions('importer') } });
try {
  const token = (await call(stack.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const school = await call(stack.url, 'POST', '/api/v1/schools', { uai: '0750001U', name: 'Collège du banc d’essai' }, token);
  const admin = await call(
    stack.url,
    'POST',
    '/api/v1/users',
    { role: 'administrator', username: 'direction.banc', email: 'direction@ac-bench.fr', password: 'a staff password here', schoolIds: [school.body.id] },
    token,
  );
  const failures = [];
  const idleRss = statusMiB(stack.pids.importer, 'VmRSS');
  const stopSampling = sampleMemory(stack.pids.importer);

  // 100,000 members without passwords.
  const members = membersCsv(MEMBERS);
  const uploadStarted = performance.now();
  memory.seen.push(['upload', uploadStarted]);
  const membersId = await uploadCsv(stack.url, token, members);
  const uploaded = performance.now();
  const validated = await until(stack.url, token, membersId, 'validating');
  if (validated.report.status !== 'ready') failures.push(`members: ${validated.report.status} ${JSON.stringify(validated.report.errors.slice(0, 3))}`);
  const confirmed = performance.now();
  const confirm = await call(stack.url, 'POST', `/api/v1/imports/${membersId}/confirm`, undefined, token);
  if (confirm.status !== 202) failures.push(`confirm → ${confirm.status}`);
  const imported = await until(stack.url, token, membersId, 'importing');
  if (imported.report.status !== 'done') failures.push(`members import: ${imported.report.status} ${JSON.stringify(imported.report.failure)}`);
  const membersPeak = peakRssMiB(stack.pids.importer);

  // 2,000 staff rows with passwords, hashed at production cost.
  memory.prefix = 'staff ';
  memory.phase = 'staff upload';
  const staffStarted = performance.now();
  const staffId = await uploadCsv(stack.url, token, staffCsv(STAFF), { administratorId: admin.body.id });
  const staffValidated = await until(stack.url, token, staffId, 'validating');
  if (staffValidated.report.status !== 'ready') failures.push(`staff: ${staffValidated.report.status}`);
  const staffConfirmed = performance.now();
  await call(stack.url, 'POST', `/api/v1/imports/${staffId}/confirm`, undefined, token);
  const staffImported = await until(stack.url, token, staffId, 'importing');
  if (staffImported.report.status !== 'done') failures.push(`staff import: ${staffImported.report.status}`);

  stopSampling();
  // The limits, in the same run, on the same tables (once the import's figures are taken).
  const bareCommitSeconds = await bareCommit(stack.databaseUrl('identity'), { members: MEMBERS, uai: '0750001U', classNames: CLASSES });
  const bareValidationSeconds = await bareValidation(stack.databaseUrl('importer'), members);
  const committing = memory.seen.find(([phase]) => phase === 'committing')?.[1];
  const threads = availableParallelism();
  const seconds = (from, to) => (to - from) / 1000;
  console.log(`# importer's NODE_OPTIONS as deployed: ${deployedNodeOptions('importer')}`);
  console.log(`# bench/import — ${machine()}; ${MEMBERS} member rows (${(Buffer.byteLength(members) / 2 ** 20).toFixed(1)} MiB), ${STAFF} staff rows`);
  report('import.members.upload', seconds(uploadStarted, uploaded), 's', 'until 202: file read, rows checked and stored');
  report('import.members.validation.rate', MEMBERS / seconds(uploadStarted, validated.at), 'rows/s', 'upload to ready');
  const validationRate = MEMBERS / seconds(uploadStarted, validated.at);
  const bareValidationRate = MEMBERS / bareValidationSeconds;
  report('import.members.validation.limit', bareValidationRate, 'rows/s', "the importer's reader and row rules, then COPY into its rows table");
  report('import.members.validation.ratio', (validationRate / bareValidationRate).toFixed(2), '×', 'target ≥ 0.8');
  const bareCopyRate = MEMBERS / bareCommitSeconds;
  const importRate = MEMBERS / seconds(confirmed, imported.at);
  report('import.members.import.rate', importRate, 'rows/s', 'confirm to done: staging in identity, then the commit');
  if (committing) {
    const commitRate = MEMBERS / seconds(committing, imported.at);
    report('import.members.commit.rate', commitRate, 'rows/s', 'the one transaction: accounts, schools, classes, audit, events, undo records');
    report('import.members.commit.limit', bareCopyRate, 'rows/s', "bare COPY of the same accounts, schools and classes into identity's tables");
    report('import.members.commit.ratio', (commitRate / bareCopyRate).toFixed(2), '×', 'target ≥ 0.8');
  }
  report('import.members.import.ratio', (importRate / bareCopyRate).toFixed(2), '×', 'confirm to done, to the bare COPY');
  report('import.importer.idle_rss', idleRss, 'MiB', 'after start, before any upload');
  report('import.importer.peak_rss', membersPeak, 'MiB', 'VmHWM after the members; target < 300');
  const hashing = seconds(staffStarted, staffValidated.at);
  report('import.staff.hash.rate', STAFF / hashing, 'hashes/s', `argon2id m=19 MiB t=2 on ${threads} worker threads`);
  report('import.staff.hash.rate_per_core', STAFF / hashing / threads, 'hashes/s/core');
  report('import.staff.validation', hashing, 's', 'upload to ready');
  report('import.staff.total', seconds(staffStarted, staffImported.at), 's', 'upload to done');
  report('import.importer.peak_rss_with_hashing', peakRssMiB(stack.pids.importer), 'MiB', 'VmHWM at the end');
  console.log(`# phases (s from the members' upload): ${memory.seen.map(([phase, at]) => `${phase} ${seconds(uploadStarted, at).toFixed(1)}`).join(', ')}`);
  console.log(`# importer RSS peaks by phase (MiB): ${Object.entries(memory.peaks).map(([phase, mib]) => `${phase} ${mib.toFixed(0)}`).join(', ')}`);
  if (failures.length) {
    console.log(`# failures: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
} finally {
  await stack.stop();
}
