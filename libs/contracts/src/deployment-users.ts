import { BROKER_USERS, BrokerUser, SESAME_SERVICES, SHARED_EXCHANGES, SesameService, brokerPermissions } from './broker-topology';
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

/**
 * `rabbitmqctl` commands creating a deployment's vhost, its shared exchanges and one user per
 * broker user with exactly brokerPermissions' rights. Passwords go through standard input, never
 * the command line. `import_definitions` declares the exchanges (the one way rabbitmqctl has).
 */
export function rabbitmqctlSetup(deployment: Deployment, password: (user: BrokerUser) => string, users: readonly BrokerUser[] = BROKER_USERS): Command[] {
  const { vhost } = deployment;
  const exchanges = SHARED_EXCHANGES.map((e) => ({
    name: namespaced(deployment.namespace, e.name),
    vhost,
    type: e.type,
    durable: e.durable,
    auto_delete: false,
    internal: false,
    arguments: {},
  }));
  return [
    { args: ['add_vhost', vhost] },
    { args: ['import_definitions', '--format', 'json'], stdin: JSON.stringify({ exchanges }) },
    ...users.flatMap((user): Command[] => {
      const name = userName(deployment, user);
      const rights = brokerPermissions(user, deployment.namespace);
      return [
        { args: ['add_user', name], stdin: password(user) },
        { args: ['set_permissions', '-p', vhost, name, rights.configure, rights.write, rights.read] },
        ...rights.topics.map((t) => ({ args: ['set_topic_permissions', '-p', vhost, name, t.exchange, t.write, t.read] })),
      ];
    }),
  ];
}

/** `rabbitmqctl` commands removing what rabbitmqctlSetup created. */
export function rabbitmqctlTeardown(deployment: Deployment, users: readonly BrokerUser[] = BROKER_USERS): Command[] {
  return [...users.map((user) => ({ args: ['delete_user', userName(deployment, user)] })), { args: ['delete_vhost', deployment.vhost] }];
}

/** Redis commands creating one ACL user per service, limited to its keys (redisAclRules). */
export function redisSetup(deployment: Deployment, password: (service: SesameService) => string, services: readonly SesameService[] = SESAME_SERVICES): string[][] {
  return services.map((service) => redisSetUser(userName(deployment, service), password(service), service, deployment.redisPrefix));
}
