import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { JOB_QUEUES, QUEUES, deadLetterQueueOf, enrolmentRoutingKey, namespaced } from '@sesame/contracts';
import { redisOptionsFromUrl } from '@sesame/redis';
import { eventually } from '@sesame/testing';
import { Queue } from 'bullmq';
import { connect } from 'amqplib';
import { publishEnrolment } from '../support/events';
import { Stack, startStack } from '../support/stack';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'queues.cjs');

/** `node scripts/queues.cjs …` as an operator runs it in a pod (it needs the built libs). */
function runQueues(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run queues: what waits in each BullMQ queue and each RabbitMQ queue of one deployment', () => {
  let stack: Stack;
  let env: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack();
    env = stack.isolation.serviceEnv;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('counts jobs by state with their workers, and messages in queues and dead-letter queues', async () => {
    // An enrolment event naming a school that does not exist: identity dead-letters it.
    const event = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      source: 'siecle',
      version: 1 as const,
      type: 'student.enrolled' as const,
      student: { externalId: 'Q-1', firstName: 'Camille', lastName: 'Durand' },
      school: { uai: '0999999F' },
      className: '6A',
      relatives: [],
    };
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, [{ routingKey: enrolmentRoutingKey(event as never), body: event }]);
    const connection = await connect(stack.isolation.services.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const dead = namespaced(stack.isolation.namespace, deadLetterQueueOf(QUEUES.identityEnrolment));
      await eventually(async () => ((await channel.checkQueue(dead)).messageCount === 1 ? true : undefined), 15_000, 'the dead letter');
      await channel.close();
    } finally {
      await connection.close();
    }
    // Two campaign jobs waiting, with no mailmerge to take them.
    const campaigns = new Queue(JOB_QUEUES.mailmergeCampaigns.name, { connection: redisOptionsFromUrl(env.REDIS_URL), prefix: `${env.REDIS_PREFIX}:bull` });
    const job = JOB_QUEUES.mailmergeCampaigns.jobs.runCampaign;
    await campaigns.addBulk([1, 2].map(() => ({ name: job.name, data: { campaignId: randomUUID() } })));
    await campaigns.setGlobalRateLimit(2, 100);
    await campaigns.close();

    const json = await runQueues(['--json'], env);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.jobs.find((j: { queue: string }) => j.queue === JOB_QUEUES.mailmergeCampaigns.name)).toMatchObject({ service: 'mailmerge', wait: 2, active: 0, workers: 0, rateLimit: { max: 2, duration: 100 } });
    // identity's scheduled purge waits for its next period, with identity's worker on it.
    expect(report.jobs.find((j: { queue: string }) => j.queue === JOB_QUEUES.identityMaintenance.name)).toMatchObject({ service: 'identity', workers: 1 });
    expect(report.jobs.find((j: { queue: string }) => j.queue === JOB_QUEUES.identityMaintenance.name).delayed).toBeGreaterThanOrEqual(1);
    const messages = Object.fromEntries(report.messages.map((m: { queue: string }) => [m.queue, m]));
    expect(messages[deadLetterQueueOf(QUEUES.identityEnrolment)]).toEqual({ queue: deadLetterQueueOf(QUEUES.identityEnrolment), ready: 1, consumers: 0 });
    expect(messages[QUEUES.identityEnrolment]).toMatchObject({ ready: 0, consumers: 1 });
    // Not started here: mailmerge's queues are not declared.
    expect(messages[QUEUES.mailmergeIdentityEvents]).toEqual({ queue: QUEUES.mailmergeIdentityEvents, ready: null, consumers: null });

    const text = await runQueues([], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^mailmerge-campaigns +mailmerge +2 +0 +0 +0 +0 +0 +0 +0$/m);
    expect(text.stdout).toMatch(/^sesame\.identity\.enrolment\.dead +1 +0$/m);
    expect(text.stdout).toContain('Rate limits: mailmerge-campaigns: 2 per 100 ms');
  });
});
