import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOB_QUEUES } from '@sesame/contracts';
import { redisOptionsFromUrl } from '@sesame/redis';
import { eventually } from '@sesame/testing';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { campaignWhen, launch } from './campaigns.support';

const MAILMERGE_MAIN = join(__dirname, '..', '..', 'services', 'mailmerge', 'dist', 'main.js');
const LETTERS = 4_000;
/** The campaign job's attempts (campaigns.module.ts): stopping this many times used to fail it. */
const ATTEMPTS = 3;

/**
 * A rollout stops mailmerge replicas gracefully (SIGTERM) while they draw letters. Each stop hands
 * the document back to the queue without spending one of the job's attempts, so a campaign
 * interrupted more times than it has attempts still completes.
 */
describe('letter campaign across a rollout', () => {
  let stack: Stack;
  let d: Directory;
  let admin: Api;
  let env: Record<string, string>;
  let documents: string;
  let mailmerge: ChildProcess | undefined;

  const start = async () => {
    const child = spawn(process.execPath, [MAILMERGE_MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    mailmerge = child;
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`mailmerge exited with ${child.exitCode}`);
        return (await fetch(`http://127.0.0.1:${env.PORT}/health/ready`).then((r) => r.ok, () => false)) ? true : undefined;
      },
      30_000,
      'mailmerge ready',
    );
  };
  const stopGracefully = async () => {
    const exited = new Promise<number | null>((resolve) => mailmerge!.once('exit', resolve));
    mailmerge!.kill('SIGTERM');
    return exited;
  };

  beforeAll(async () => {
    if (!existsSync(MAILMERGE_MAIN)) throw new Error(`${MAILMERGE_MAIN} is missing: build first (npm run build, as npm test does)`);
    stack = await startStack();
    documents = await mkdtemp(join(tmpdir(), 'sesame-rollout-'));
    const { amqpUrl, redisUrl } = stack.isolation.services;
    env = {
      PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
      DATABASE_URL: await stack.isolation.database('mailmerge'),
      AMQP_URL: amqpUrl,
      AMQP_NAMESPACE: stack.isolation.namespace,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: stack.isolation.redisPrefix,
      LOG_LEVEL: process.env.SESAME_TEST_LOG_LEVEL ?? 'error',
      DOCUMENTS_DIR: documents,
      CAMPAIGN_JOB_LOCK_MS: '2000',
    };
    await start();
    d = await seedDirectory(stack.api);
    admin = stack.api.as(d.tokens.administrator);
    // Enough letters for the drawing to last a few seconds; written straight into identity's tables.
    await sql`
      WITH created AS (
        INSERT INTO accounts (username, first_name, last_name, role, profile, activation_code, activation_code_expires_at)
        SELECT 'releve.' || i, 'Élève', 'Relève ' || i, 'member', 'student', 'abcd' || lpad(i::text, 4, '0'), now() + interval '90 days'
        FROM generate_series(1, ${LETTERS}) AS i RETURNING id)
      INSERT INTO account_schools (account_id, school_id) SELECT id, ${d.schoolA.id}::uuid FROM created`.execute(stack.identityDb);
  });

  afterAll(async () => {
    if (mailmerge && mailmerge.exitCode === null) await stopGracefully();
    await stack?.close();
    await rm(documents, { recursive: true, force: true });
  });

  it('completes although stopped mid-document more times than it has attempts', async () => {
    const campaign = await launch(admin, { filter: { schoolId: d.schoolA.id, q: 'releve' }, channel: 'pdf', layout: 8 });
    for (let stop = 0; stop < ATTEMPTS; stop++) {
      // Drawing has begun (some letters written), then the replica is told to stop.
      await campaignWhen(admin, campaign.id, (c) => c.status === 'running' && c.progress > 0 && c.progress < 0.9, 60_000);
      expect(await stopGracefully()).toBe(0);
      await start();
      // Handed back, not failed: the new replica takes the document up from its first letter.
      const after = await eventually(async () => {
        const answer = await admin.get(`/api/v1/campaigns/${campaign.id}`);
        return answer.status === 200 ? answer.body : undefined;
      }, 10_000, 'the campaign readable again');
      expect(after.status).toBe('running');
    }
    const done = await campaignWhen(admin, campaign.id, undefined, 120_000);
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({ selected: LETTERS, printed: LETTERS });

    // No stop was counted against the job: neither as a failed attempt nor as a stalled job.
    const queue = new Queue(JOB_QUEUES.mailmergeCampaigns, { connection: redisOptionsFromUrl(env.REDIS_URL), prefix: `${env.REDIS_PREFIX}:bull` });
    try {
      const job = await queue.getJob(campaign.id);
      expect(job?.failedReason ?? null).toBeNull();
      expect(job?.stalledCounter ?? 0).toBe(0);
      expect(job?.attemptsMade).toBe(1);
    } finally {
      await queue.close();
    }
  });
});
