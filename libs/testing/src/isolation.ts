import { randomBytes } from 'node:crypto';
import { EXCHANGES, QUEUES, deadLetterQueueOf, namespaced } from '@sesame/contracts';
import { connect } from 'amqplib';
import Redis from 'ioredis';
import { Client } from 'pg';
import { testServices } from './services';

/**
 * Everything one test file owns: its own database(s), AMQP namespace and Redis prefix, so files run
 * in parallel on the same servers and leave nothing behind.
 */
export class TestIsolation {
  readonly id = `t${randomBytes(5).toString('hex')}`;
  readonly services = testServices();
  /** The key identity seals reset tokens with for mailmerge (MAIL_SEAL_KEY): one per file. */
  readonly mailSealKey = `${this.id}:${randomBytes(32).toString('base64')}`;
  /** The keys activation codes are encrypted with at rest (identity's, mailmerge's): one pair per file, so a restarted service reads what it wrote. */
  readonly codeKeys = { ACTIVATION_CODE_KEY: randomBytes(32).toString('base64'), CAMPAIGN_CODE_KEY: randomBytes(32).toString('base64') };
  private readonly databases: string[] = [];

  /** AMQP namespace: prefix of every exchange and queue name. */
  get namespace(): string {
    return this.id;
  }

  /** Redis key prefix. */
  get redisPrefix(): string {
    return `sesame-test:${this.id}`;
  }

  /** The variables that put a service on this file's broker namespace and Redis prefix, with this file's keys (identity's and mailmerge's shared seal key, and the code keys). */
  get serviceEnv(): {
    AMQP_URL: string;
    AMQP_NAMESPACE: string;
    REDIS_URL: string;
    REDIS_PREFIX: string;
    MAIL_SEAL_KEY: string;
    ACTIVATION_CODE_KEY: string;
    CAMPAIGN_CODE_KEY: string;
  } {
    return {
      AMQP_URL: this.services.amqpUrl,
      AMQP_NAMESPACE: this.namespace,
      REDIS_URL: this.services.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      MAIL_SEAL_KEY: this.mailSealKey,
      ...this.codeKeys,
    };
  }

  /** Creates an empty database and returns its URL. */
  async database(purpose: string): Promise<string> {
    const name = `sesame_${this.id}_${purpose}`;
    await withAdmin(this.services.postgresUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
    this.databases.push(name);
    const url = new URL(this.services.postgresUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** Drops the databases, queues, exchanges and keys this file created. Call after closing the apps. */
  async cleanup(): Promise<void> {
    await withAdmin(this.services.postgresUrl, async (admin) => {
      for (const name of this.databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
    await deleteAmqpNamespace(this.services.amqpUrl, this.namespace);
    await deleteRedisPrefix(this.services.redisUrl, this.redisPrefix);
  }
}

async function withAdmin<T>(postgresUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Deletes every Sesame queue (and its dead-letter queue) and exchange of a namespace. */
export async function deleteAmqpNamespace(amqpUrl: string, namespace: string): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    // A failed delete closes the channel, so each name gets its own.
    for (const queue of Object.values(QUEUES)) {
      for (const name of [queue, deadLetterQueueOf(queue)]) {
        const channel = await connection.createChannel();
        await channel.deleteQueue(namespaced(namespace, name)).catch(() => undefined);
        await channel.close().catch(() => undefined);
      }
    }
    for (const exchange of Object.values(EXCHANGES)) {
      const channel = await connection.createChannel();
      await channel.deleteExchange(namespaced(namespace, exchange)).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
}

/** Deletes every Redis key under a prefix. */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

