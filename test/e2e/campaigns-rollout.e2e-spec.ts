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
import { Replica, freePort } from './replicas-support';
import { campaignWhen, launch } from './campaigns.support';

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
  let documents: string;
  let mailmerge: Replica;

  beforeAll(async () => {
    stack = await startStack();
    documents = await mkdtemp(join(tmpdir(), 'sesame-rollout-'));
    const env = {
      DATABASE_URL: await stack.isolation.database('mailmerge'),
      ...stack.isolation.serviceEnv,
      LOG_LEVEL: process.env.SESAME_TEST_LOG_LEVEL ?? 'error',
      DOCUMENTS_DIR: documents,
      CAMPAIGN_JOB_LOCK_MS: '2000',
    };
    mailmerge = new Replica('mailmerge', 'mailmerge', await freePort(), env);
    await mailmerge.start().ready();
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
    await mailmerge?.stop();
    await stack?.close();
    await rm(documents, { recursive: true, force: true });
  });

  it('completes although stopped mid-document more times than it has attempts', async () => {
    const campaign = await launch(admin, { filter: { schoolId: d.schoolA.id, q: 'releve' }, channel: 'pdf', layout: 8 });
    for (let stop = 0; stop < ATTEMPTS; stop++) {
      // Drawing has begun (some letters written), then the replica is told to stop.
      await campaignWhen(admin, campaign.id, (c) => c.status === 'running' && c.progress > 0 && c.progress < 0.9, 60_000);
      expect(await mailmerge.stop('SIGTERM')).toBe(0);
      await mailmerge.start().ready();
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
    const queue = new Queue(JOB_QUEUES.mailmergeCampaigns.name, { connection: redisOptionsFromUrl(stack.isolation.services.redisUrl), prefix: `${stack.isolation.redisPrefix}:bull` });
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
