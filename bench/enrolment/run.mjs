// bench/enrolment: enrolment events applied per second by identity, duplicates included.
//   npm run bench:enrolment [-- --events 20000 --database postgres://…/sesame_bench_1m]
// On the seeded académie (1,000,000 members) when it exists, else on an empty directory of 300 schools.
// The events carry their own source, and are removed from the database afterwards.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { machine, report } from '../support/measure.mjs';
import { AMQP, SEEDED_ACADEMY, adminQuery, startServices } from '../support/stack.mjs';

const require = createRequire(import.meta.url);
const { EXCHANGES, enrolmentRoutingKey, namespaced } = require('../../libs/contracts/dist');
const amqp = require('amqplib');

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, database: { type: 'string' } } });
const TOTAL = Number(values.events);
const source = `bench-${Date.now().toString(36)}`;
const seeded = values.database ?? SEEDED_ACADEMY;

const query = (url, text, params) => adminQuery(text, url, params);

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
  console.log(`# bench/enrolment — ${machine()}; ${members} members in ${uais.length} schools`);
  report('enrolment.rate', events.length / ((finished - started) / 1000), 'events/s', `target ≥ 2,000; ${events.length} events published and applied`);
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
