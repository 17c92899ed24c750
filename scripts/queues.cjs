#!/usr/bin/env node
// What is waiting where (docs/operations.md, "Watch the queues"): the jobs of every BullMQ queue
// (Redis) and the messages of every RabbitMQ queue and dead-letter queue, read-only:
//
//   npm run queues [-- --json]
//   kubectl exec deploy/sesame-mailmerge -- node scripts/queues.cjs       (in a cluster)
//
// REDIS_URL, REDIS_PREFIX, AMQP_URL and AMQP_NAMESPACE (and the TLS variables *_TLS_CA_FILE,
// *_TLS_CLIENT_CERT_FILE) say which deployment, as for the services. With a service's Redis user,
// only that service's job queues can be read: the others are shown as not readable. Checking a
// RabbitMQ queue takes no permission: every user sees them all.
// Queue names come from libs/contracts: nothing here to update when a queue is added there.
'use strict';
const { parseArgs } = require('node:util');
const { connect } = require('amqplib');
const { Queue } = require('bullmq');
const { z } = require('zod');
const { amqpTls, env, loadConfig, redisTls, tlsEnv } = require('@sesame/config');
const { JOB_QUEUES, QUEUES, bullPrefix, deadLetterQueueOf, namespaced } = require('@sesame/contracts');
const { redisOptionsFromUrl } = require('@sesame/redis');

const STATES = ['wait', 'active', 'delayed', 'prioritized', 'paused', 'failed', 'completed'];

/** Redis refused a command or a key to this user (ACL). */
const refused = (error) => /NOPERM/.test(String(error && error.message));

/**
 * @param {{ redisUrl: string, redisPrefix: string, amqpUrl: string, namespace?: string, redisTls?: object, amqpTls?: object }} options
 */
async function queueReport(options) {
  const jobs = [];
  for (const { name, owner: service } of Object.values(JOB_QUEUES)) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(options.redisUrl, options.redisTls), prefix: bullPrefix(options.redisPrefix) });
    queue.on('error', () => undefined);
    try {
      const counts = await queue.getJobCounts(...STATES);
      // Which replicas are connected takes CLIENT LIST, an administrator's command (not the services' users').
      const workers = await queue.getWorkers().then((w) => w.length, (error) => (refused(error) ? null : Promise.reject(error)));
      jobs.push({ queue: name, service, ...counts, workers, rateLimit: await queue.getGlobalRateLimit() });
    } catch (error) {
      if (!refused(error)) throw error;
      jobs.push({ queue: name, service, readable: false });
    } finally {
      await queue.close();
    }
  }
  const messages = [];
  const connection = await connect(options.amqpUrl, options.amqpTls);
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
  const unreadable = report.jobs.filter((j) => j.readable === false).map((j) => j.queue);
  return [
    'BullMQ (Redis; - : not readable with this Redis user, or workers not countable)',
    table(report.jobs, ['queue', 'service', ...STATES, 'workers']),
    ...(limits.length ? ['', `Rate limits: ${limits.join('; ')}`] : []),
    ...(unreadable.length ? ['', `Not readable with this Redis user (another service's): ${unreadable.join(', ')}`] : []),
    '',
    'RabbitMQ (messages ready, consumers; - : not declared yet)',
    table(report.messages, ['queue', 'ready', 'consumers']),
    '',
  ].join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  let config;
  try {
    config = loadConfig(
      z.object({ REDIS_URL: env.redisUrl(), REDIS_PREFIX: env.redisPrefix(), AMQP_URL: env.amqpUrl(), AMQP_NAMESPACE: env.amqpNamespace(), ...tlsEnv.amqp(), ...tlsEnv.redis() }),
    );
  } catch (error) {
    process.stderr.write(`queues: ${error.message}\n`);
    process.exit(78);
  }
  const options = {
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    redisTls: redisTls(config),
    amqpUrl: config.AMQP_URL,
    amqpTls: amqpTls(config),
    namespace: config.AMQP_NAMESPACE,
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
