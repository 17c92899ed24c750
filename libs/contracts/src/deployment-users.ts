import { createHash, randomBytes } from 'node:crypto';
import { BROKER_USERS, BrokerUser, REDIS_SERVICES, RedisService, SHARED_EXCHANGES, brokerPermissions } from './broker-topology';
import { namespaced } from './amqp';
import { redisSetUser } from './redis-keys';

/** Where one deployment lives: its vhost, its AMQP namespace, its Redis prefix, how its users are named. */
export interface Deployment {
  vhost: string;
  /** AMQP_NAMESPACE of its services ('' with a vhost of its own). */
  namespace: string;
  /** REDIS_PREFIX of its services. */
  redisPrefix: string;
  /** Prefix of its RabbitMQ and Redis user names: `sesame` gives `sesame-gateway`… */
  userPrefix: string;
}

export function userName(deployment: Pick<Deployment, 'userPrefix'>, user: BrokerUser): string {
  return `${deployment.userPrefix}-${user}`;
}

/** One command: the arguments after the program's name, and what it reads on standard input. */
export interface Command {
  args: string[];
  stdin?: string;
}

/** `rabbitmqctl` command importing definitions given on standard input. */
export function rabbitmqctlImport(definitions: object): Command {
  return { args: ['import_definitions', '--format', 'json'], stdin: JSON.stringify(definitions) };
}

/**
 * RabbitMQ's password hash (rabbit_password_hashing_sha256): a 4-byte salt, then SHA-256 of the salt
 * and the password, in base64. Definitions carry it rather than the password.
 */
export function rabbitPasswordHash(password: string, salt: Buffer = randomBytes(4)): string {
  return Buffer.concat([salt, createHash('sha256').update(Buffer.concat([salt, Buffer.from(password, 'utf8')])).digest()]).toString('base64');
}

/**
 * A deployment's vhost, its shared exchanges and one user per broker user with exactly
 * brokerPermissions' rights, as RabbitMQ definitions: `rabbitmqctl import_definitions <file>` (or
 * the management UI, or `load_definitions` at boot) creates them all at once.
 */
export function rabbitmqDefinitions(deployment: Deployment, password: (user: BrokerUser) => string, users: readonly BrokerUser[] = BROKER_USERS) {
  const { vhost } = deployment;
  const rights = users.map((user) => ({ user: userName(deployment, user), ...brokerPermissions(user, deployment.namespace) }));
  return {
    users: users.map((user) => ({
      name: userName(deployment, user),
      password_hash: rabbitPasswordHash(password(user)),
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: [],
    })),
    vhosts: [{ name: vhost }],
    permissions: rights.map(({ user, configure, write, read }) => ({ user, vhost, configure, write, read })),
    topic_permissions: rights.flatMap(({ user, topics }) => topics.map((t) => ({ user, vhost, exchange: t.exchange, write: t.write, read: t.read }))),
    exchanges: SHARED_EXCHANGES.map((e) => ({
      name: namespaced(deployment.namespace, e.name),
      vhost,
      type: e.type,
      durable: e.durable,
      auto_delete: false,
      internal: false,
      arguments: {},
    })),
  };
}

/** `rabbitmqctl` commands removing what rabbitmqctlSetup created. */
export function rabbitmqctlTeardown(deployment: Deployment, users: readonly BrokerUser[] = BROKER_USERS): Command[] {
  return [...users.map((user) => ({ args: ['delete_user', userName(deployment, user)] })), { args: ['delete_vhost', deployment.vhost] }];
}

/** Redis commands creating one ACL user per service, limited to its keys (redisAclRules). */
export function redisSetup(deployment: Deployment, password: (service: RedisService) => string, services: readonly RedisService[] = REDIS_SERVICES): string[][] {
  return services.map((service) => redisSetUser(userName(deployment, service), password(service), service, deployment.redisPrefix));
}
