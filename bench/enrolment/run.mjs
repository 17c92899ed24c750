// bench/enrolment: enrolment events applied per second by identity, duplicates included.
//   npm run bench:enrolment [-- --events 20000 --database postgres://…/sesame_bench_1m]
// On the seeded académie (1,000,000 members) when it exists, else on an empty directory of 300 schools.
// The events carry their own source, and are removed from the database afterwards.
// The limit of the same run, once identity is stopped: the rows the events' application wrote (the
// claimed event ids, accounts, memberships, classes, relatives' links, facts, and one outbox event
// per account created and per other applied event) read back and written bare again under another
// source, in as many transactions as identity's consumer used (batches of ENROLMENT_BATCH_SIZE
// events, 1000 unless BATCH says), one after another as its single consumer does, then deleted.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { machine, report } from '../support/measure.mjs';
import { ratio, stopService } from '../support/bare.mjs';
import { AMQP, SEEDED_ACADEMY, adminQuery, startServices } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
const { EXCHANGES, enrolmentRoutingKey, namespaced } = require('../../libs/contracts/dist');
const amqp = require('amqplib');

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, database: { type: 'string' } } });
const TOTAL = Number(values.events);
const source = `bench-${Date.now().toString(36)}`;
const seeded = values.database ?? SEEDED_ACADEMY;

const query = (url, text, params) => adminQuery(text, url, params);
const BATCH = Number(process.env.BATCH ?? 1000);

/**
 * Seconds to write again, bare, what the run's events wrote (see the header): per batch one
 * transaction, one INSERT … SELECT FROM json_populate_recordset per table. Deleted afterwards.
 */
async function bareEnrolment(url, { events, applied }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const limitSource = `${source}.limit`;
  const claimed = [...new Map(events.map((e) => [e.eventId, e.type])).values()].map((type) => ({ event_id: randomUUID(), type }));
  const stored = async (table) =>
    (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`, [table])).rows.map((r) => `"${r.column_name}"`).join(', ');
  const rows = async (table, where) => (await client.query(`SELECT ${await stored(table)} FROM ${table} t WHERE ${where}`, [source])).rows;
  const mine = `account_id IN (SELECT id FROM accounts WHERE source = $1)`;
  const accounts = await rows('accounts', 'source = $1');
  const schools = await rows('account_schools', mine);
  const classes = await rows('account_classes', mine);
  const links = await rows('relative_links', `student_id IN (SELECT id FROM accounts WHERE source = $1)`);
  const facts = await rows('enrolment_facts', 'source = $1');
  // New ids, logins and source; the same values otherwise.
  const ids = new Map(accounts.map((a) => [a.id, randomUUID()]));
  const chunkOf = new Map();
  const k = Math.ceil(claimed.length / BATCH);
  const split = (list, chunk) => Array.from({ length: k }, (_, j) => list.filter((item, i) => chunk(item, i) === j));
  const byIndex = (list) => (_, i) => Math.floor((i * k) / list.length);
  accounts.forEach((a, i) => chunkOf.set(a.id, Math.floor((i * k) / accounts.length)));
  const remap = (id) => ids.get(id) ?? id;
  const chunked = {
    enrolment_events: split(claimed, byIndex(claimed)),
    accounts: split(accounts, (a) => chunkOf.get(a.id)).map((list) => list.map((a) => ({ ...a, id: remap(a.id), username: `limite.${a.username}`, username_skeleton: `limite.${a.username_skeleton}`, source: limitSource }))),
    account_schools: split(schools, (m) => chunkOf.get(m.account_id)).map((list) => list.map((m) => ({ ...m, account_id: remap(m.account_id) }))),
    account_classes: split(classes, (m) => chunkOf.get(m.account_id)).map((list) => list.map((m) => ({ ...m, account_id: remap(m.account_id) }))),
    relative_links: split(links, (l) => Math.max(chunkOf.get(l.student_id) ?? 0, chunkOf.get(l.relative_id) ?? 0)).map((list) => list.map((l) => ({ ...l, relative_id: remap(l.relative_id), student_id: remap(l.student_id) }))),
    enrolment_facts: split(facts, byIndex(facts)).map((list) => list.map((f) => ({ ...f, source: limitSource }))),
  };
  // identity.user.created per account, one event per other applied event (transfers, departures, staff changes).
  const creators = accounts.filter((a) => a.profile !== 'relative').length;
  const occurredAt = new Date().toISOString();
  const schoolsOf = new Map();
  for (const m of schools) schoolsOf.set(m.account_id, [...(schoolsOf.get(m.account_id) ?? []), m.school_id]);
  const ref = (a) => ({ userId: remap(a.id), username: `limite.${a.username}`, role: 'member', profile: a.profile, schoolIds: schoolsOf.get(a.id) ?? [], actorId: null });
  const outbox = [
    ...accounts.map((a) => ({ definition: 'identity.user.created', data: ref(a) })),
    ...Array.from({ length: Math.max(0, applied - creators) }, (_, i) => ({ definition: 'identity.user.updated', data: { ...ref(accounts[i % accounts.length]), fields: ['schools', 'classes'] } })),
  ].map(({ definition, data }) => {
    const id = randomUUID();
    return { id, type: definition, envelope: { id, type: definition, version: 1, occurredAt, data }, occurred_at: occurredAt };
  });
  chunked.outbox = split(outbox, byIndex(outbox));
  // The columns the rows carry (the others take their defaults: received_at, seq).
  const columns = Object.fromEntries(Object.entries(chunked).map(([table, lists]) => [table, Object.keys(lists.flat()[0] ?? {}).map((c) => `"${c}"`).join(', ')]));
  let seconds = 0;
  try {
    const started = performance.now();
    for (let j = 0; j < k; j++) {
      await client.query('BEGIN');
      for (const table of Object.keys(chunked)) {
        if (chunked[table][j].length === 0) continue;
        await client.query(`INSERT INTO ${table} (${columns[table]}) SELECT ${columns[table]} FROM json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(chunked[table][j])]);
      }
      await client.query('COMMIT');
    }
    seconds = (performance.now() - started) / 1000;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.query('DELETE FROM accounts WHERE source = $1', [limitSource]);
    await client.query('DELETE FROM enrolment_facts WHERE source = $1', [limitSource]);
    await client.query('DELETE FROM enrolment_events WHERE event_id = ANY($1::uuid[])', [claimed.map((e) => e.event_id)]);
    await client.query('DELETE FROM outbox WHERE id = ANY($1::uuid[])', [outbox.map((e) => e.id)]);
    await client.end();
  }
  return { seconds, batches: k, rows: Object.values(chunked).reduce((n, lists) => n + lists.reduce((m, list) => m + list.length, 0), 0) };
}

const useSeeded = (await query(seeded, `SELECT count(*)::int AS n FROM accounts`).catch(() => [{ n: 0 }]))[0].n > 900_000;
const stack = await startServices(['identity'], { identity: { ...(process.env.BATCH ? { ENROLMENT_BATCH_SIZE: process.env.BATCH, ENROLMENT_PREFETCH: String(2 * Number(process.env.BATCH)) } : {}) } }, useSeeded ? { databases: { identity: seeded } } : {});
const databaseUrl = useSeeded ? seeded : stack.databaseUrl('identity');
try {
  let uais = (await query(databaseUrl, `SELECT uai FROM schools ORDER BY uai`)).map((r) => r.uai);
  if (uais.length === 0) {
    await query(databaseUrl, `INSERT INTO schools (uai, name) SELECT lpad((750000 + i)::text, 7, '0') || 'A', 'École ' || i FROM generate_series(1, 300) i`);
    uais = (await query(databaseUrl, `SELECT uai FROM schools ORDER BY uai`)).map((r) => r.uai);
  }

  // A start of year: enrolments with relatives (siblings share theirs), transfers, leavers, staff, and replays.
  const events = [];
  const students = [];
  let clock = Date.parse('2026-08-25T07:00:00Z');
  const next = () => new Date((clock += 10)).toISOString();
  const base = (type) => ({ eventId: randomUUID(), occurredAt: next(), source, version: 1, type });
  const names = ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Garcia', 'Roux', 'N’Diaye', 'Haddad'];
  while (events.length < TOTAL) {
    const r = Math.random();
    const i = events.length;
    if (r < 0.08 && events.length > 100) {
      events.push(events[Math.floor(Math.random() * events.length)]); // a replay
    } else if (r < 0.6 || students.length < 50) {
      const family = Math.floor(i / 2);
      const student = `S${i}`;
      students.push(student);
      const uai = uais[family % uais.length];
      events.push({
        ...base('student.enrolled'),
        student: { externalId: student, firstName: 'Élève', lastName: `${names[i % names.length]} ${family}` },
        school: { uai },
        className: `6${String.fromCharCode(65 + (i % 4))}`,
        relatives: [{ externalId: `P${family}`, firstName: 'Parent', lastName: `${names[i % names.length]} ${family}`, email: `p${family}@example.org` }],
      });
    } else if (r < 0.75) {
      const student = students[Math.floor(Math.random() * students.length)];
      events.push({ ...base('student.transferred'), student: { externalId: student }, school: { uai: uais[Math.floor(Math.random() * uais.length)] }, className: '5B' });
    } else if (r < 0.8) {
      events.push({ ...base('student.left'), student: { externalId: students[Math.floor(Math.random() * students.length)] } });
    } else if (r < 0.97) {
      events.push({
        ...base('staff.assigned'),
        staff: { externalId: `T${i % 2000}`, firstName: 'Professeur', lastName: `Numéro ${i % 2000}`, email: `t${i % 2000}@ac-bench.fr` },
        profile: 'teacher',
        school: { uai: uais[i % uais.length] },
        classNames: ['6A', '5B'],
      });
    } else {
      events.push({ ...base('staff.left'), staff: { externalId: `T${i % 2000}` }, school: { uai: uais[i % uais.length] } });
    }
  }

  const processed = async () => {
    const text = await (await fetch(`http://127.0.0.1:${stack.ports.identity}/metrics`)).text();
    return [...text.matchAll(/^sesame_enrolment_events_total\{outcome="(\w+)"\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[2]), 0);
  };

  const connection = await amqp.connect(AMQP);
  const channel = await connection.createConfirmChannel();
  const exchange = namespaced(stack.namespace, EXCHANGES.enrolment);
  const started = performance.now();
  for (let i = 0; i < events.length; i += 1000) {
    for (const event of events.slice(i, i + 1000)) channel.publish(exchange, enrolmentRoutingKey(event), Buffer.from(JSON.stringify(event)), { persistent: true });
    await channel.waitForConfirms();
  }
  const published = performance.now();
  let done = 0;
  while ((done = await processed()) < events.length) {
    if (performance.now() - started > 600_000) throw new Error(`only ${done} of ${events.length} events handled after 10 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const finished = performance.now();
  await connection.close();

  const metrics = await (await fetch(`http://127.0.0.1:${stack.ports.identity}/metrics`)).text();
  const outcome = (name) => Number(metrics.match(new RegExp(`^sesame_enrolment_events_total\\{outcome="${name}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
  const members = (await query(databaseUrl, `SELECT count(*)::int AS n FROM accounts WHERE role = 'member'`))[0].n;
  // The limit, with identity stopped (its relay would publish the bare events).
  await stopService(stack, 'identity');
  const limit = await bareEnrolment(databaseUrl, { events, applied: outcome('applied') });
  const rate = events.length / ((finished - started) / 1000);
  console.log(`# bench/enrolment — ${machine()}; ${members} members in ${uais.length} schools`);
  report('enrolment.rate', rate, 'events/s', `target ≥ 2,000; ${events.length} events published and applied`);
  report('enrolment.limit', events.length / limit.seconds, 'events/s', `the ${limit.rows} rows the events wrote, written bare in ${limit.batches} transactions of ≤ ${BATCH} events' rows, in ${limit.seconds.toFixed(1)} s`);
  report('enrolment.ratio', ratio(rate, events.length / limit.seconds), '×');
  report('enrolment.publish.rate', events.length / ((published - started) / 1000), 'events/s');
  report('enrolment.applied', outcome('applied'), 'events');
  report('enrolment.duplicates', outcome('duplicate'), 'events');
  report('enrolment.stale', outcome('stale'), 'events');
  report('enrolment.dead', outcome('dead'), 'events');
  if (outcome('dead') > 0) process.exitCode = 1;
} finally {
  await stack.stop();
  if (useSeeded) {
    // Leave the seeded académie as it was.
    await query(databaseUrl, `DELETE FROM accounts WHERE source = $1`, [source]);
    await query(databaseUrl, `DELETE FROM enrolment_facts WHERE source = $1`, [source]);
    // Dead rows cleared and the visibility map set again (the selection's index-only scans rely on
    // it), whether or not autovacuum runs on this server: the next benchmark finds the same académie.
    await query(databaseUrl, `VACUUM ANALYZE accounts, account_schools, account_classes, relative_links, enrolment_facts, outbox, account_tallies`);
  }
}
