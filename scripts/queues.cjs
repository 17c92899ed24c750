#!/usr/bin/env node
// What is waiting where (docs/operations.md, "Watch the queues"): the jobs of every BullMQ queue
// (Redis) and the messages of every RabbitMQ queue and dead-letter queue, read-only:
//
//   npm run queues [-- --json]
//   kubectl exec deploy/sesame-mailmerge -- node scripts/queues.cjs       (in a cluster)
//
// REDIS_URL, REDIS_PREFIX, AMQP_URL and AMQP_NAMESPACE say which deployment (as for the services).
// Queue names come from libs/contracts: nothing here to update when a queue is added there.
'use strict';
const { parseArgs } = require('node:util');
const { connect } = require('amqplib');
const { Queue } = require('bullmq');
const { IDENTITY_IMPORT_JOB_QUEUE, IMPORTER_JOB_QUEUES, JOB_QUEUES, QUEUES, deadLetterQueueOf, namespaced } = require('@sesame/contracts');
const { redisOptionsFromUrl } = require('@sesame/redis');

const STATES = ['wait', 'active', 'delayed', 'prioritized', 'paused', 'failed', 'completed'];
/** Every BullMQ queue, with the service whose workers take its jobs. */
const JOB_QUEUE_OWNERS = [
  [JOB_QUEUES.identityMaintenance, 'identity'],
  [IDENTITY_IMPORT_JOB_QUEUE, 'identity'],
  [IMPORTER_JOB_QUEUES.imports, 'importer'],
  [IMPORTER_JOB_QUEUES.maintenance, 'importer'],
  [JOB_QUEUES.mailmergeCampaigns, 'mailmerge'],
  [JOB_QUEUES.mailmergeCampaignEmails, 'mailmerge'],
  [JOB_QUEUES.mailmergeMaintenance, 'mailmerge'],
];

/**
 * @param {{ redisUrl: string, redisPrefix: string, amqpUrl: string, namespace?: string }} options
 */
async function queueReport(options) {
  const jobs = [];
  for (const [name, service] of JOB_QUEUE_OWNERS) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(options.redisUrl), prefix: `${options.redisPrefix}:bull` });
    try {
      const counts = await queue.getJobCounts(...STATES);
      jobs.push({ queue: name, service, ...counts, workers: (await queue.getWorkers()).length, rateLimit: await queue.getGlobalRateLimit() });
    } finally {
      await queue.close();
    }
  }
  const messages = [];
  const connection = await connect(options.amqpUrl);
  try {
    for (const base of Object.values(QUEUES)) {
      for (const name of [base, deadLetterQueueOf(base)]) {
        // A missing queue closes the channel: one channel per look.
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        try {
          const { messageCount, consumerCount } = await channel.checkQueue(namespaced(options.namespace ?? '', name));
          messages.push({ queue: name, ready: messageCount, consumers: consumerCount });
          await channel.close();
        } catch {
          messages.push({ queue: name, ready: null, consumers: null });
        }
      }
    }
  } finally {
    await connection.close();
  }
  return { jobs, messages };
}

function table(rows, columns) {
  const cells = rows.map((row) => columns.map((c) => (row[c] === null || row[c] === undefined ? '-' : String(row[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values) => values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(columns), ...cells.map(line)].join('\n');
}

function render(report) {
  const limits = report.jobs.filter((j) => j.rateLimit).map((j) => `${j.queue}: ${j.rateLimit.max} per ${j.rateLimit.duration} ms`);
  return [
    'BullMQ (Redis)',
    table(report.jobs, ['queue', 'service', ...STATES, 'workers']),
    ...(limits.length ? ['', `Rate limits: ${limits.join('; ')}`] : []),
    '',
    'RabbitMQ (messages ready, consumers; - : not declared yet)',
    table(report.messages, ['queue', 'ready', 'consumers']),
    '',
  ].join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const options = {
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: process.env.REDIS_PREFIX || 'sesame',
    amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    namespace: process.env.AMQP_NAMESPACE ?? '',
  };
  queueReport(options).then(
    (report) => process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : render(report)),
    (error) => {
      process.stderr.write(`queues: ${error.message}\n`);
      process.exit(1);
    },
  );
}

module.exports = { queueReport, render };
