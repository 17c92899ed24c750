#!/usr/bin/env node
// Moves the messages of a dead-letter queue `<queue>.dead` back to `<queue>`, oldest first, once
// what made them fail is fixed (docs/operations.md, "Replay the dead-letter queue"):
//
//   npm run dlq:replay -- <queue> [--limit <n>] [--dry-run]
//   kubectl exec deploy/sesame-identity -- node scripts/dlq-replay.cjs <queue> …   (in a cluster)
//
// AMQP_URL and AMQP_NAMESPACE (and AMQP_TLS_CA_FILE, AMQP_TLS_CLIENT_CERT_FILE) say which broker
// and which deployment, as for the services. Reading a dead-letter queue takes its owner's
// credentials: run it in the pod of the service that consumes the queue.
// Each message is published straight to its queue (not through the exchanges: the other
// subscribers already have it) with publisher confirms, and only then removed from the dead-letter
// queue: a failure leaves it where it was. Consumers deduplicate by message id, so a message
// replayed twice changes nothing more. `--dry-run` lists the messages and their reasons only: it
// puts each one back at the end of the dead-letter queue (in the same order once all are listed)
// rather than returning it unacknowledged, which RabbitMQ 4.0–4.2 counts as a failed delivery
// (a quorum queue drops a message after 20 by default).
'use strict';
const { parseArgs } = require('node:util');
const { connect } = require('amqplib');
const { z } = require('zod');
const { amqpTls, env, loadConfig, tlsEnv } = require('@sesame/config');
const { DEAD_LETTER_REASON_HEADER, QUEUES, SCIM_PUSH_QUEUE_PREFIX, deadLetterQueueOf, namespaced } = require('@sesame/contracts');

/** Request/reply queues: their callers stopped waiting long ago; replaying would act with no one to answer. */
const REFUSED = Object.entries(QUEUES)
  .filter(([key]) => key.endsWith('Rpc'))
  .map(([, queue]) => queue);

/** Headers of a past death, dropped: the replayed message starts afresh (delivery limit included). */
const DEATH_HEADERS = /^(x-death|x-first-death-.*|x-last-death-.*|x-delivery-count)$/;
const REPLAYED_HEADER = 'x-sesame-replayed';

class UsageError extends Error {}

function checkQueue(queue) {
  const known = Object.values(QUEUES);
  if (REFUSED.includes(queue)) {
    throw new UsageError(`${queue} is a request/reply queue: its dead letters are requests nobody waits for any more; they are not replayed`);
  }
  // A SCIM target's own queue (issue 18): `<prefix>.<target id>`, the id in the console and the API.
  const scimTarget = new RegExp(`^${SCIM_PUSH_QUEUE_PREFIX.replace(/\./g, '\\.')}\\.[0-9a-f-]{36}$`);
  if (!known.includes(queue) && !scimTarget.test(queue)) {
    throw new UsageError(
      `unknown queue ${JSON.stringify(queue)}; queues with a dead-letter queue: ${known.filter((q) => !REFUSED.includes(q)).join(', ')}, and ${SCIM_PUSH_QUEUE_PREFIX}.<target id> for each SCIM target`,
    );
  }
}

/**
 * @param {{ url: string, tls?: object, namespace?: string, queue: string, limit?: number, dryRun?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ moved: number, listed: Array<{ messageId?: string, type?: string, reason?: string }> }>}
 */
async function replayDeadLetters(options) {
  checkQueue(options.queue);
  const namespace = options.namespace ?? '';
  const target = namespaced(namespace, options.queue);
  const dead = namespaced(namespace, deadLetterQueueOf(options.queue));
  const limit = options.limit ?? Infinity;
  if (options.dryRun === undefined) options = { ...options, dryRun: false };
  const log = options.log ?? (() => undefined);
  const connection = await connect(options.url, options.tls);
  // Published again as the user running this (RabbitMQ checks it): a queue that takes messages from
  // some senders only (identity's enrolment queue) accepts its own service's user replaying them.
  const user = decodeURIComponent(new URL(options.url).username) || 'guest';
  const listed = [];
  let moved = 0;
  try {
    const channel = await connection.createConfirmChannel();
    // Both must exist (a service declares them at start); checkQueue closes the channel otherwise.
    await channel.checkQueue(dead);
    await channel.checkQueue(target);
    // A dry run goes once round the queue as it is now, whatever the limit, so the order stays.
    let round = options.dryRun ? (await channel.checkQueue(dead)).messageCount : Infinity;
    while (round > 0 && (options.dryRun || moved < limit)) {
      round -= 1;
      const message = await channel.get(dead, { noAck: false });
      if (!message) break;
      const { headers = {}, ...properties } = message.properties;
      const entry = { messageId: properties.messageId, type: properties.type, reason: headers[DEAD_LETTER_REASON_HEADER] ?? deathReason(headers) };
      if (listed.length < limit) {
        listed.push(entry);
        log(`${options.dryRun ? 'dead' : 'replayed'}: ${entry.messageId ?? '(no id)'} ${entry.type ?? ''} — ${entry.reason ?? 'no reason recorded'}`);
      }
      const replayed = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== DEAD_LETTER_REASON_HEADER && !DEATH_HEADERS.test(name)));
      replayed[REPLAYED_HEADER] = Number(headers[REPLAYED_HEADER] ?? 0) + 1;
      const requeued = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'x-delivery-count'));
      // The broker may not keep its own death records on a message published again: keep the reason.
      if (entry.reason !== undefined) requeued[DEAD_LETTER_REASON_HEADER] = entry.reason;
      await new Promise((resolve, reject) => {
        channel.publish('', options.dryRun ? dead : target, message.content, { ...clean(properties), userId: user, headers: options.dryRun ? requeued : replayed, persistent: true }, (error) =>
          error ? reject(error) : resolve(),
        );
      });
      channel.ack(message);
      if (!options.dryRun) moved += 1;
    }
    await channel.close();
  } finally {
    await connection.close().catch(() => undefined);
  }
  return { moved, listed };
}

/** What RabbitMQ itself recorded when it dead-lettered the message (delivery limit, rejection). */
function deathReason(headers) {
  const death = Array.isArray(headers['x-death']) ? headers['x-death'][0] : undefined;
  return death ? `${death.reason} (by RabbitMQ, from ${death.queue})` : undefined;
}

/** Message properties amqplib accepts back when publishing (undefined ones dropped). */
function clean(properties) {
  const names = ['contentType', 'contentEncoding', 'correlationId', 'messageId', 'timestamp', 'type', 'appId', 'priority'];
  return Object.fromEntries(names.filter((n) => properties[n] !== undefined && properties[n] !== null).map((n) => [n, properties[n]]));
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { limit: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write('usage: npm run dlq:replay -- <queue> [--limit <n>] [--dry-run]   (AMQP_URL, AMQP_NAMESPACE from the environment)\n');
    process.exit(values.help ? 0 : 2);
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError('--limit takes a positive whole number');
  const queue = positionals[0];
  const config = loadConfig(z.object({ AMQP_URL: env.amqpUrl(), AMQP_NAMESPACE: env.amqpNamespace(), ...tlsEnv.amqp() }));
  const namespace = config.AMQP_NAMESPACE;
  const { moved, listed } = await replayDeadLetters({
    url: config.AMQP_URL,
    tls: amqpTls(config),
    namespace,
    queue,
    limit,
    dryRun: values['dry-run'],
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const dead = namespaced(namespace, deadLetterQueueOf(queue));
  process.stdout.write(
    values['dry-run'] ? `${listed.length} message(s) in ${dead}; nothing moved\n` : `${moved} message(s) moved from ${dead} back to ${namespaced(namespace, queue)}\n`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`dlq:replay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError || String(error?.code).startsWith('ERR_PARSE_ARGS') ? 2 : 1);
  });
}

module.exports = { replayDeadLetters, UsageError, REPLAYED_HEADER };
