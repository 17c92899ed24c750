import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  BROKER_USERS,
  BrokerUser,
  Command,
  Deployment,
  REDIS_SERVICES,
  SHARED_EXCHANGES,
  SesameService,
  namespaced,
  rabbitmqDefinitions,
  rabbitmqctlImport,
  rabbitmqctlTeardown,
  redisSetup,
  userName,
} from '@sesame/contracts';
import { connect } from 'amqplib';
import Redis from 'ioredis';
import type { TestIsolation } from './isolation';

/**
 * `rabbitmqctl <args>` as the tests run it: SESAME_TEST_RABBITMQCTL when RabbitMQ runs elsewhere
 * (e.g. `docker exec -i rabbitmq rabbitmqctl`), else rabbitmqctl on this machine.
 */
export function rabbitmqctl(command: Command): Promise<string> {
  const program = process.env.SESAME_TEST_RABBITMQCTL ?? 'rabbitmqctl';
  return new Promise((resolve, reject) => {
    // The arguments reach the program as they are (regular expressions hold `$`, `|`, `(`).
    const child = spawn('sh', ['-c', `${program} "$@"`, 'rabbitmqctl', ...command.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`rabbitmqctl ${command.args[0]} exited with ${code}: ${err || out}`))));
    child.stdin.end(command.stdin ?? '');
  });
}

/**
 * A deployment's vhost and users, created on the real servers for one test file exactly as
 * docs/operations.md tells an operator (the commands of libs/contracts' deployment-users.ts): a
 * vhost and one RabbitMQ user per broker user, one Redis ACL user per service, all named after
 * the file's isolation id and removed by `remove()`.
 */
export class LeastPrivilegeUsers {
  readonly deployment: Deployment;
  private readonly passwords = new Map<string, string>();

  constructor(private readonly isolation: TestIsolation) {
    this.deployment = { vhost: isolation.id, namespace: isolation.namespace, redisPrefix: isolation.redisPrefix, userPrefix: isolation.id };
    for (const user of BROKER_USERS) this.passwords.set(user, randomBytes(12).toString('hex'));
  }

  async create(): Promise<void> {
    await rabbitmqctl(rabbitmqctlImport(rabbitmqDefinitions(this.deployment, (user) => this.passwords.get(user)!)));
    await this.waitForImport();
    await this.withRedisAdmin(async (redis) => {
      for (const [command, ...args] of redisSetup(this.deployment, (service) => this.passwords.get(service)!)) await redis.call(command, ...args);
    });
  }

  /** Removes the users and the vhost (with every queue and exchange in it). Safe to call twice. */
  async remove(): Promise<void> {
    // Each rabbitmqctl starts an Erlang VM (a second or two): all at once.
    await Promise.all(rabbitmqctlTeardown(this.deployment).map((command) => rabbitmqctl(command).catch(() => undefined)));
    await this.withRedisAdmin(async (redis) => {
      await redis.call('ACL', 'DELUSER', ...REDIS_SERVICES.map((s) => userName(this.deployment, s)));
    });
  }

  /** AMQP_URL of a broker user: its name and password, the vhost. */
  amqpUrl(user: BrokerUser): string {
    const url = new URL(this.isolation.services.amqpUrl);
    url.username = encodeURIComponent(userName(this.deployment, user));
    url.password = encodeURIComponent(this.passwords.get(user)!);
    url.pathname = `/${encodeURIComponent(this.deployment.vhost)}`;
    return url.toString();
  }

  /** REDIS_URL of a service's ACL user (the gateway has none: a URL in its name is refused). */
  redisUrl(service: SesameService): string {
    const url = new URL(this.isolation.services.redisUrl);
    url.username = encodeURIComponent(userName(this.deployment, service));
    url.password = encodeURIComponent(this.passwords.get(service)!);
    return url.toString();
  }

  /** The connection variables of a service running as its own users. */
  serviceEnv(service: SesameService): Record<string, string> {
    const { REDIS_URL: _admin, REDIS_PREFIX, ...env } = this.isolation.serviceEnv;
    const uses = (REDIS_SERVICES as readonly string[]).includes(service);
    return { ...env, AMQP_URL: this.amqpUrl(service), ...(uses ? { REDIS_URL: this.redisUrl(service), REDIS_PREFIX } : {}) };
  }

  /** import_definitions returns before the users, the vhost and the exchanges exist. */
  private async waitForImport(): Promise<void> {
    const deadline = Date.now() + 20_000;
    const imported = async () => {
      const connection = await connect(this.amqpUrl('enrolment-publisher'));
      connection.on('error', () => undefined);
      try {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        for (const exchange of SHARED_EXCHANGES) await channel.checkExchange(namespaced(this.deployment.namespace, exchange.name));
      } finally {
        await connection.close().catch(() => undefined);
      }
    };
    for (;;) {
      try {
        return await imported();
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async withRedisAdmin(run: (redis: Redis) => Promise<void>): Promise<void> {
    const redis = new Redis(this.isolation.services.redisUrl, { lazyConnect: true });
    await redis.connect();
    try {
      await run(redis);
    } finally {
      redis.disconnect();
    }
  }
}
