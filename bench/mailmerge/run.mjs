// bench/mailmerge: distribution campaigns, through the gateway, with the built services.
//   npm run bench:mailmerge [-- --letters 50000 --emails 10000 --throttled-emails 10000 --only pdf|email --bare-letters 5000 --database sesame_bench_mailmerge]
// PDF: a campaign of every member of a seeded académie (kept as sesame_bench_mailmerge for the next
// runs) at 1 and 8 letters per sheet: letters/s of the job and peak resident memory of the worker,
// against bare pdfkit drawing the same letters into a file; the freeze of the selection (accounts/s),
// against a bare read of the same rows (see bare.mjs).
// Email: campaigns to a local SMTP sink, unthrottled, then at 50/s with one and with two mailmerge
// replicas (the limit is shared in Redis): messages/s measured by the sink.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { machine, report } from '../support/measure.mjs';
import { BENCH_CODE_KEYS, MANAGER, call, deployedNodeOptions, root } from '../support/stack.mjs';
import { barePdfkit, bareRead, identitySelection } from './bare.mjs';
import { Deployment, adminQuery, databaseUrl } from './services.mjs';

const { values } = parseArgs({
  options: {
    letters: { type: 'string', default: '50000' },
    emails: { type: 'string', default: '10000' },
    'throttled-emails': { type: 'string', default: '10000' },
    rate: { type: 'string', default: '50' },
    only: { type: 'string' },
    'bare-letters': { type: 'string', default: '5000' },
    // Another académie (e.g. a larger one) without reseeding the one other runs share.
    database: { type: 'string', default: 'sesame_bench_mailmerge' },
  },
});
const LETTERS = Number(values.letters);
const EMAILS = Number(values.emails);
const THROTTLED = Number(values['throttled-emails']);
const RATE = Number(values.rate);
const BARE_LETTERS = Number(values['bare-letters']);
const PUBLIC_URL = 'http://localhost:3000';
const DATABASE = values.database;
const MB = 2 ** 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function members() {
  try {
    const [row] = await adminQuery(`SELECT count(*)::int AS n FROM accounts WHERE role = 'member'`, databaseUrl(DATABASE));
    return row.n;
  } catch {
    return 0;
  }
}

/** A seeded académie of about LETTERS members in 5 schools (kept for the next runs). */
async function prepareAcademie() {
  // The seed makes a few less members than asked (families are drawn at random).
  if ((await members()) < LETTERS * 0.98) {
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    console.log(`# seeding ${DATABASE} (5 schools, ${LETTERS} members)…`);
    const seeded = spawnSync(process.execPath, [`${root}/services/identity/dist/tools/seed.js`, '--schools', '5', '--members', String(LETTERS)], {
      env: { ...process.env, DATABASE_URL: databaseUrl(DATABASE), ...BENCH_CODE_KEYS },
      stdio: 'inherit',
    });
    if (seeded.status !== 0) process.exit(1);
  }
  // Codes that have not expired, whenever the académie was seeded: every member gets a letter.
  await adminQuery(`UPDATE accounts SET activation_code_expires_at = now() + interval '90 days' WHERE activated_at IS NULL`, databaseUrl(DATABASE));
}

/** Exactly `count` members have an email (at the sink's domain); the others none. */
async function giveEmails(count) {
  await adminQuery(
    `UPDATE accounts a SET email = CASE WHEN e.id IS NULL THEN NULL ELSE 'bench.' || a.id || '@example.org' END
     FROM accounts m LEFT JOIN (SELECT id FROM accounts WHERE role = 'member' ORDER BY id LIMIT ${count}) e ON e.id = m.id
     WHERE a.id = m.id AND m.role = 'member'`,
    databaseUrl(DATABASE),
  );
}

/** CPU time (user and system, every thread) a process has used, in seconds (Linux: /proc, 100 ticks a second). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Polls a campaign until it ends; returns when it started running (selection frozen) and ended.
 * `preparingPollMs`: the polls while the selection is frozen (a freeze can take well under a second).
 */
async function follow(url, token, id, sample = () => undefined, preparingPollMs = 100) {
  let running;
  for (;;) {
    const { body } = await call(url, 'GET', `/api/v1/campaigns/${id}`, undefined, token);
    sample();
    if (!running && body.status !== 'preparing') running = performance.now();
    if (body.status === 'completed' || body.status === 'failed') return { campaign: body, running, ended: performance.now() };
    await sleep(running ? 100 : preparingPollMs);
  }
}

/** An SMTP server that accepts everything, quickly, and notes when each message arrived. */
async function startSink() {
  const arrivals = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        arrivals.push(performance.now());
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${server.server.address().port}`, arrivals, close: () => new Promise((r) => server.close(r)) };
}

/** Rate over the arrivals, and the most messages that arrived within any one second. */
function rates(arrivals) {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const span = (sorted.at(-1) - sorted[0]) / 1000;
  let burst = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    burst = Math.max(burst, i - j + 1);
  }
  return { rate: (sorted.length - 1) / span, span, burst };
}

console.log(`# bench/mailmerge — ${machine()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
await prepareAcademie();
const deployment = new Deployment({ identityDatabase: DATABASE });
await adminQuery(`CREATE DATABASE "${deployment.mailmergeDatabase}"`);
try {
  await deployment.start('identity');
  // Its heap limit as deployed: V8's default grows with the machine's memory, and with it the peak.
  let mailmerge = await deployment.start('mailmerge', { DOCUMENTS_DIR: `/tmp/${deployment.id}-documents`, NODE_OPTIONS: deployedNodeOptions('mailmerge') });
  console.log(`# mailmerge NODE_OPTIONS as deployed (deploy/k8s/base): ${deployedNodeOptions('mailmerge')}`);
  const gateway = await deployment.start('gateway', { MAILMERGE_URL: mailmerge.url, RPC_TIMEOUT_MS: '30000' });
  const token = (await call(gateway.url, 'POST', '/api/v1/auth/login', MANAGER)).body.accessToken;
  const launch = async (body) => {
    const answer = await call(gateway.url, 'POST', '/api/v1/campaigns', body, token);
    if (answer.status !== 202) throw new Error(`POST /campaigns → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  };

  if (values.only !== 'email') {
    const filter = { roles: ['member'] };
    // The limits, measured first, while the services are idle.
    const selection = await identitySelection({ url: databaseUrl(DATABASE), manager: MANAGER.username, filter, letters: BARE_LETTERS, codeKeys: BENCH_CODE_KEYS });
    const bare = await bareRead(databaseUrl(DATABASE), selection);
    const bareReadRate = bare.rows / bare.seconds;
    report('mailmerge.freeze.bare_read', bareReadRate, 'rows/s', `${bare.rows} rows in ${bare.seconds.toFixed(2)} s: identity's SELECT of the selection through a cursor`);
    const frozen = { accounts: 0, seconds: 0 };
    for (const layout of [1, 8]) {
      // Just before the campaign: the machine's other work changes less between the two.
      const bareDrawn = await barePdfkit({ rows: selection.rows, layout, count: BARE_LETTERS, publicUrl: PUBLIC_URL, path: `/tmp/${deployment.id}-bare.pdf` });
      report(`mailmerge.pdf.layout${layout}.bare_pdfkit`, bareDrawn.rate, 'letters/s', `${bareDrawn.letters} letters drawn into a file by the same code, no database, queue or thread; ${bareDrawn.cpuRate.toFixed(0)} a CPU second`);
      await mailmerge.resetPeak();
      let sampled = 0;
      const cpu = [];
      const started = performance.now();
      const id = await launch({ filter, channel: 'pdf', layout });
      const { campaign, running, ended } = await follow(
        gateway.url,
        token,
        id,
        () => {
          sampled = Math.max(sampled, mailmerge.rssBytes());
          cpu.push({ at: performance.now(), seconds: cpuSeconds(mailmerge.pid) });
        },
        20,
      );
      if (campaign.status !== 'completed') throw new Error(`PDF campaign ${campaign.status}: ${campaign.error}`);
      const letters = campaign.counts.printed;
      const rate = letters / ((ended - running) / 1000);
      // Mailmerge's own CPU while it draws (PostgreSQL's reads of the letters are not counted).
      const cpuRate = letters / (cpu.at(-1).seconds - cpu.find((s) => s.at >= running).seconds);
      frozen.accounts += campaign.counts.selected;
      frozen.seconds += (running - started) / 1000;
      report(`mailmerge.pdf.layout${layout}.letters`, letters, 'letters', `${campaign.document.pages} pages, ${(campaign.document.bytes / MB).toFixed(0)} MB`);
      report(`mailmerge.pdf.layout${layout}.freeze`, (running - started) / 1000, 's', `selection of ${campaign.counts.selected} copied from identity`);
      report(`mailmerge.pdf.layout${layout}.rate`, rate, 'letters/s', `target ≥ 1,000; ${cpuRate.toFixed(0)} a CPU second of mailmerge`);
      report(`mailmerge.pdf.layout${layout}.ratio_to_bare_pdfkit`, (rate / bareDrawn.rate).toFixed(2), '×', `target ≥ 0.5; by CPU time ${(cpuRate / bareDrawn.cpuRate).toFixed(2)}`);
      report(`mailmerge.pdf.layout${layout}.peak_rss`, mailmerge.peakRssBytes() / MB, 'MB', `target < 300 MB; sampled max ${(sampled / MB).toFixed(0)} MB`);
    }
    // From the launch to the campaign running: the job picked up, the selection copied and numbered.
    const freezeRate = frozen.accounts / frozen.seconds;
    report('mailmerge.freeze.rate', freezeRate, 'accounts/s', 'both campaigns; target ≥ 50,000');
    report('mailmerge.freeze.ratio_to_bare_read', (freezeRate / bareReadRate).toFixed(2), '×');
  }

  if (values.only !== 'pdf') {
    const sink = await startSink();
    const emailCampaign = async (count, replicas, perSecond, concurrency) => {
      await mailmerge.stop();
      const env = { SMTP_URL: sink.url, CAMPAIGN_EMAILS_PER_SECOND: String(perSecond), CAMPAIGN_EMAIL_CONCURRENCY: String(concurrency), DOCUMENTS_DIR: `/tmp/${deployment.id}-documents` };
      const workers = [];
      for (let i = 0; i < replicas; i++) workers.push(await deployment.start('mailmerge', env));
      mailmerge = workers[0];
      sink.arrivals.length = 0;
      await giveEmails(count);
      const id = await launch({ filter: { roles: ['member'], email: 'with' }, channel: 'email' });
      const { campaign } = await follow(gateway.url, token, id);
      for (const worker of workers.slice(1)) await worker.stop();
      return { campaign, ...rates(sink.arrivals) };
    };

    const free = await emailCampaign(EMAILS, 1, 10_000, 32);
    report('mailmerge.email.unthrottled.sent', free.campaign.counts.sent, 'emails');
    report('mailmerge.email.unthrottled.rate', free.rate, 'messages/s', `over ${free.span.toFixed(1)} s`);
    // The limit holds in every sliding second at the sink (not only on average): the busiest second
    // of either run, against the limit.
    const busiest = [];
    let maxSlidingSecond = 0;
    for (const replicas of [1, 2]) {
      const limited = await emailCampaign(THROTTLED, replicas, RATE, 8);
      const error = (100 * (limited.rate - RATE)) / RATE;
      report(`mailmerge.email.limit${RATE}.replicas${replicas}.sent`, limited.campaign.counts.sent, 'emails');
      report(`mailmerge.email.limit${RATE}.replicas${replicas}.rate`, limited.rate, 'messages/s', `${error >= 0 ? '+' : ''}${error.toFixed(1)} % of the limit (target −5 % to 0); at most ${limited.burst} in any one second`);
      busiest.push(`${replicas} replica${replicas > 1 ? 's' : ''}: ${limited.burst}`);
      maxSlidingSecond = Math.max(maxSlidingSecond, limited.burst);
    }
    report('mailmerge.email.throttled.max_sliding_second', String(maxSlidingSecond), 'messages', `limit ${RATE}/s, ratio ${(maxSlidingSecond / RATE).toFixed(2)} (target ≤ 1.00); ${busiest.join(', ')}`);
    await sink.close();
  }
} finally {
  await deployment.close();
  await rm(`/tmp/${deployment.id}-documents`, { recursive: true, force: true });
}
