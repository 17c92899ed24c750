import { JOB_QUEUES, QUEUES, ServiceFailure } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { redisOptionsFromUrl } from '@sesame/redis';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { decodeJwt } from 'jose';
import type { Stack } from '../support/stack';

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g;

/** What background jobs leave in Redis and in mailmerge's database, and calls straight to identity. */
export class JobsProbe {
  readonly imports: Queue;
  readonly campaigns: Queue;
  readonly identity: RpcClient;
  private readonly redis: Redis;

  constructor(private readonly stack: Stack) {
    const { redisUrl } = stack.isolation.services;
    const connection = { connection: redisOptionsFromUrl(redisUrl), prefix: `${stack.isolation.redisPrefix}:bull` };
    this.imports = new Queue(JOB_QUEUES.importerImports.name, connection);
    this.campaigns = new Queue(JOB_QUEUES.mailmergeCampaigns.name, connection);
    this.redis = new Redis(redisUrl);
    const env = stack.env.identity;
    this.identity = new RpcClient({ url: env.AMQP_URL, namespace: env.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: 5_000 });
  }

  async close(): Promise<void> {
    await this.imports.close();
    await this.campaigns.close();
    await this.identity.close();
    this.redis.disconnect();
  }

  /** The data of an import job, as stored in Redis (waiting while the queue is paused). */
  async importJob(jobIdPrefix: string): Promise<{ jobId: string; data: Record<string, unknown> }> {
    const jobs = await this.imports.getJobs(['paused', 'waiting', 'prioritized', 'delayed']);
    const job = jobs.find((j) => j.id?.startsWith(jobIdPrefix));
    if (!job) throw new Error(`no import job ${jobIdPrefix}* in Redis`);
    const raw = await this.redis.hget(`${this.stack.isolation.redisPrefix}:bull:${JOB_QUEUES.importerImports.name}:${job.id}`, 'data');
    return { jobId: job.id!, data: JSON.parse(raw!) };
  }

  /** Every value stored under this file's Redis prefix, as one string. */
  async redisText(): Promise<string> {
    const values: string[] = [];
    for await (const keys of this.redis.scanStream({ match: `${this.stack.isolation.redisPrefix}:*`, count: 500 })) {
      for (const key of keys as string[]) {
        const type = await this.redis.type(key);
        if (type === 'string') values.push((await this.redis.get(key)) ?? '');
        else if (type === 'hash') values.push(...Object.values(await this.redis.hgetall(key)));
        else if (type === 'list') values.push(...(await this.redis.lrange(key, 0, -1)));
        else if (type === 'set') values.push(...(await this.redis.smembers(key)));
        else if (type === 'zset') values.push(...(await this.redis.zrange(key, 0, -1)));
        else if (type === 'stream') values.push(JSON.stringify(await this.redis.xrange(key, '-', '+')));
      }
    }
    return values.join('\n');
  }

  /** A call straight to identity's queue, answered `accepted` or with the refusal's code. */
  async answer(call: Promise<unknown>): Promise<string> {
    return call.then(
      () => 'accepted',
      (error: unknown) => (error instanceof ServiceFailure ? error.code : String(error)),
    );
  }
}

/** The audiences of the JWTs found in a text (access tokens have `sesame-api`). */
export function jwtAudiences(text: string): string[] {
  return [...text.matchAll(JWT)].map(([jwt]) => String(decodeJwt(jwt).aud));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
