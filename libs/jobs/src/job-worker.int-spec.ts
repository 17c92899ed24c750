import { JobQueueDefinition, bullPrefix } from '@sesame/contracts';
import { redisOptionsFromUrl } from '@sesame/redis';
import { TestIsolation, deleteRedisPrefix, eventually } from '@sesame/testing';
import { Job, Queue, Worker } from 'bullmq';
import { z } from 'zod';
import { JobHandlers, startWorker } from './job-worker';

// The worker against a real Redis, under this file's key prefix.

const CHORES = {
  name: 'identity-chores',
  owner: 'identity',
  jobs: {
    count: { name: 'count', data: z.object({ n: z.number().int() }) },
    sweep: { name: 'sweep', data: z.object({}) },
  },
} as const satisfies JobQueueDefinition;

const quiet = { debug: () => undefined, warn: () => undefined, error: () => undefined };

describe('a job worker', () => {
  const isolation = new TestIsolation();
  const workers: Worker[] = [];
  let queue: Queue;
  let seen: Array<{ job: string; data: unknown; attempt: number }>;
  let refused: string[];
  let abandoned: Array<{ data: unknown; error: string }>;
  let failNext: number;

  /** Handlers that record what they get; `count` fails its first `failNext` attempts. */
  const handlers = (): JobHandlers<typeof CHORES> => ({
    count: {
      handle: async (data, job) => {
        seen.push({ job: job.name, data, attempt: job.attemptsMade + 1 });
        if (failNext-- > 0) throw new Error('not now');
        return data.n * 2;
      },
      abandoned: async (data, error) => void abandoned.push({ data, error: error.message }),
      refused: async (job) => void refused.push(String(job.id)),
    },
    sweep: {
      handle: async (data, job) => void seen.push({ job: job.name, data, attempt: job.attemptsMade + 1 }),
    },
  });

  const settled = (job: Job) =>
    eventually(async () => {
      const state = await queue.getJobState(job.id!);
      return state === 'completed' || state === 'failed' ? ((await queue.getJob(job.id!)) ?? undefined) : undefined;
    }, 10_000, `job ${job.name} settled`);

  beforeAll(() => {
    queue = new Queue(CHORES.name, { connection: redisOptionsFromUrl(isolation.services.redisUrl), prefix: bullPrefix(isolation.redisPrefix) });
    workers.push(startWorker(queue, CHORES, handlers(), { concurrency: 2 }, quiet));
  });

  beforeEach(() => {
    seen = [];
    refused = [];
    abandoned = [];
    failNext = 0;
  });

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await queue?.close();
    await deleteRedisPrefix(isolation.services.redisUrl, isolation.redisPrefix);
  });

  it('refuses to start without exactly one handler for each job of the queue', () => {
    const { sweep: _missing, ...partial } = handlers();
    expect(() => startWorker(queue, CHORES, partial as JobHandlers<typeof CHORES>, {}, quiet)).toThrow('identity-chores: no handler for job sweep');
    const other = new Queue('identity-other', { connection: redisOptionsFromUrl(isolation.services.redisUrl), prefix: bullPrefix(isolation.redisPrefix) });
    expect(() => startWorker(other, CHORES, handlers(), {}, quiet)).toThrow('the queue is identity-other, not identity-chores');
    return other.close();
  });

  it('works each job on its queue’s connection and prefix, with its data parsed by the job’s schema', async () => {
    const job = await queue.add(CHORES.jobs.count.name, { n: 21, extra: 'dropped by the schema' });
    const done = await settled(job);
    expect(done.returnvalue).toBe(42);
    expect(seen).toEqual([{ job: 'count', data: { n: 21 }, attempt: 1 }]);
    const sweep = await settled(await queue.add(CHORES.jobs.sweep.name, {}));
    expect(sweep.finishedOn).toBeDefined();
    expect(seen.map((s) => s.job)).toEqual(['count', 'sweep']);
  });

  it('fails a job of an unknown name at once, without retrying it', async () => {
    const job = await settled(await queue.add('cuont', { n: 1 }, { attempts: 5, backoff: { type: 'fixed', delay: 10 } }));
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('no job named cuont in identity-chores');
    expect(seen).toEqual([]);
  });

  it('fails a job whose data its schema refuses at once, without retrying it, after its handler’s clean-up', async () => {
    const job = await settled(await queue.add(CHORES.jobs.count.name, { n: 'twenty-one' }, { attempts: 5, backoff: { type: 'fixed', delay: 10 } }));
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('invalid data for job count of identity-chores');
    expect(refused).toEqual([job.id]);
    expect(seen).toEqual([]);
    // Refused jobs are no work abandoned: there is no valid data to settle.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(abandoned).toEqual([]);
  });

  it('retries a handler’s error while attempts remain, and settles a job that failed for good', async () => {
    failNext = 1;
    const retried = await settled(await queue.add(CHORES.jobs.count.name, { n: 2 }, { attempts: 3, backoff: { type: 'fixed', delay: 10 } }));
    expect(await retried.getState()).toBe('completed');
    expect(seen.map((s) => s.attempt)).toEqual([1, 2]);
    expect(abandoned).toEqual([]);

    seen = [];
    failNext = 10;
    const lost = await settled(await queue.add(CHORES.jobs.count.name, { n: 3 }, { attempts: 3, backoff: { type: 'fixed', delay: 10 } }));
    expect(await lost.getState()).toBe('failed');
    expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
    await eventually(async () => (abandoned.length ? true : undefined), 5_000, 'the failed job settled');
    expect(abandoned).toEqual([{ data: { n: 3 }, error: 'not now' }]);
  });

  it('takes the connection and key prefix of its queue, and the options it is given', () => {
    const [worker] = workers;
    expect(worker.opts.connection).toEqual(queue.opts.connection);
    expect(worker.opts.prefix).toBe(bullPrefix(isolation.redisPrefix));
    expect(worker.opts.concurrency).toBe(2);
  });
});
