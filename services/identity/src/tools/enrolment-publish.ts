/*
 * Publishes a file of enrolment events (one JSON object per line) to the enrolment exchange, as a
 * student information system would, with publisher confirms:
 *   npm run enrolment:publish -- events.jsonl [--rate 500] [--send-invalid]
 * Each line is checked against the contract first; invalid lines are reported by number and, unless
 * --send-invalid is given (to exercise the dead-letter queue), not sent. AMQP_URL and AMQP_NAMESPACE
 * come from the environment, as for the services.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { amqpTls, env, loadConfig, tlsEnv } from '@sesame/config';
import { EXCHANGES, EnrolmentEventSchema, enrolmentRoutingKey } from '@sesame/contracts';
import { Broker } from '@sesame/messaging';
import { z } from 'zod';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rate: { type: 'string' }, 'send-invalid': { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new Error('Usage: npm run enrolment:publish -- FILE.jsonl [--rate N] [--send-invalid]');
  const config = loadConfig(z.object({ AMQP_URL: env.amqpUrl(), AMQP_NAMESPACE: env.amqpNamespace(), ...tlsEnv.amqp() }));
  const broker = new Broker({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, connectionName: 'sesame-enrolment-publish' });
  await broker.channel.waitForConnect();
  // Who publishes, as RabbitMQ checks it: identity takes enrolment events only from its ENROLMENT_PUBLISHERS.
  const publisher = decodeURIComponent(new URL(config.AMQP_URL).username) || 'guest';
  const lines = createInterface({ input: createReadStream(positionals[0], 'utf8'), crlfDelay: Infinity });
  const pause = values.rate ? 1000 / Number(values.rate) : 0;
  const started = Date.now();
  let sent = 0;
  let invalid = 0;
  let number = 0;
  const pending: Array<Promise<void>> = [];
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    let message: unknown;
    let routingKey = 'invalid';
    try {
      message = JSON.parse(line);
      const parsed = EnrolmentEventSchema.safeParse(message);
      if (parsed.success) routingKey = enrolmentRoutingKey(parsed.data);
      else {
        invalid++;
        process.stderr.write(`line ${number}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}\n`);
        if (!values['send-invalid']) continue;
      }
    } catch {
      invalid++;
      process.stderr.write(`line ${number}: not JSON\n`);
      if (!values['send-invalid']) continue;
      message = line;
    }
    pending.push(broker.publish(EXCHANGES.enrolment, routingKey, message, { messageId: (message as { eventId?: string })?.eventId, userId: publisher }));
    sent++;
    if (pending.length >= 1000) await Promise.all(pending.splice(0));
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  await Promise.all(pending);
  await broker.close();
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`published ${sent} events in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s); ${invalid} invalid line(s)\n`);
  if (invalid && !values['send-invalid']) process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`enrolment:publish failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
