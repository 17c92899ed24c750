// Relative: the global setup runs outside the projects' module mapping.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { TEST_SERVICE_VARIABLES } from '../libs/testing/src/services';
import { connect as amqpConnect } from 'amqplib';
import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * Finds PostgreSQL, RabbitMQ and Redis for the tests: the addresses in the environment, else the
 * services on localhost when they answer, else containers started with testcontainers when a
 * Docker engine answers. Workers inherit the variables set here.
 */
const LOCAL = {
  postgresUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
  redisUrl: 'redis://127.0.0.1:6379',
};

const probes = {
  async postgresUrl(url: string) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    await client.connect();
    await client.end();
  },
  async amqpUrl(url: string) {
    const connection = await amqpConnect(url, { timeout: 2_000 });
    await connection.close();
  },
  async redisUrl(url: string) {
    const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0 });
    await redis.connect();
    await redis.ping();
    redis.disconnect();
  },
};

type Service = keyof typeof LOCAL;

async function answers(service: Service, url: string): Promise<boolean> {
  try {
    await probes[service](url);
    return true;
  } catch {
    return false;
  }
}

async function startContainer(service: Service): Promise<string> {
  const stoppers = ((globalThis as Record<string, unknown>).__sesameContainers ??= []) as Array<() => Promise<unknown>>;
  if (service === 'postgresUrl') {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').withUsername('postgres').withPassword('postgres').start();
    stoppers.push(() => container.stop());
    return container.getConnectionUri();
  }
  if (service === 'amqpUrl') {
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const container = await new RabbitMQContainer('rabbitmq:4-alpine').start();
    stoppers.push(() => container.stop());
    return container.getAmqpUrl();
  }
  const { RedisContainer } = await import('@testcontainers/redis');
  const container = await new RedisContainer('redis:7-alpine').start();
  stoppers.push(() => container.stop());
  return container.getConnectionUrl();
}

export default async function globalSetup(): Promise<void> {
  for (const service of Object.keys(LOCAL) as Service[]) {
    const variable = TEST_SERVICE_VARIABLES[service];
    if (process.env[variable]) continue;
    if (await answers(service, LOCAL[service])) {
      process.env[variable] = LOCAL[service];
      continue;
    }
    try {
      process.env[variable] = await startContainer(service);
    } catch (error) {
      throw new Error(
        `No ${service.replace('Url', '')} for the tests: ${variable} is unset, ${LOCAL[service]} does not answer, ` +
          `and no container could be started (${(error as Error).message}). See README, "Tests".`,
      );
    }
  }
}
