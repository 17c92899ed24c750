import { AMQP_DEFAULT_EXCHANGE, EXCHANGES, ExchangeName, QUEUES, QueueName, SCIM_PUSH_QUEUE_PREFIX, deadLetterQueueOf, namespaced } from './amqp';
import { ENROLMENT_BINDING } from './enrolment';
import { IdentityEvents, ImporterEvents } from './events';
import { MailmergeEvents } from './mailmerge/events';
import { SCIM_PUSH_EVENTS } from './identity/scim-targets.schema';

/** The services that talk to RabbitMQ (the console talks to neither RabbitMQ nor Redis). */
export const SESAME_SERVICES = ['gateway', 'identity', 'importer', 'mailmerge'] as const;
export type SesameService = (typeof SESAME_SERVICES)[number];

/**
 * The services that keep keys in Redis: their BullMQ queues, identity's throttling counters. The
 * gateway keeps none (it checks tokens with the public key alone; identity throttles logins), so it
 * has no Redis user and may not reach Redis at all.
 */
export const REDIS_SERVICES = ['identity', 'importer', 'mailmerge'] as const satisfies readonly SesameService[];
export type RedisService = (typeof REDIS_SERVICES)[number];

/** Who connects to a deployment's vhost: the services, and the student information systems. */
export const BROKER_USERS = [...SESAME_SERVICES, 'enrolment-publisher'] as const;
export type BrokerUser = (typeof BROKER_USERS)[number];

/** Routing keys bound or published: a list, or any (a publisher Sesame does not control). */
type RoutingKeys = readonly string[] | 'any';

export interface BrokerRole {
  /** Queues it declares and consumes (each with its dead-letter queue `<queue>.dead`). */
  owns: readonly QueueName[];
  /** Request/reply queues it calls (through the default exchange; answers come on direct reply-to). */
  calls: readonly QueueName[];
  /** Exchanges it publishes to, with the routing keys it may use. */
  publishes: ReadonlyArray<{ exchange: ExchangeName; routingKeys: RoutingKeys }>;
  /** Bindings of its own queues. */
  binds: ReadonlyArray<{ queue: QueueName; exchange: ExchangeName; routingKeys: readonly string[] }>;
  /**
   * Families of queues it declares at run time, one per thing it serves (`<prefix>.<uuid>`, each
   * with its `.dead`), bound to an exchange with these routing keys: identity's per-target SCIM queues.
   */
  families?: ReadonlyArray<{ prefix: string; exchange: ExchangeName; routingKeys: readonly string[] }>;
}

const types = (events: Record<string, { type: string }>): string[] => Object.values(events).map((e) => e.type);

/**
 * Who owns, calls, publishes and binds what: the one description from which every RabbitMQ
 * permission of a deployment is computed (brokerPermissions), for Kubernetes (deploy/k8s), for
 * `npm run broker:permissions` and for the least-privilege test. A service that starts using a
 * queue or an exchange adds it here, or the broker refuses it.
 */
export const BROKER_ROLES: Record<BrokerUser, BrokerRole> = {
  gateway: {
    owns: [],
    calls: [QUEUES.identityRpc, QUEUES.importerRpc, QUEUES.mailmergeRpc],
    publishes: [],
    binds: [],
  },
  identity: {
    owns: [QUEUES.identityRpc, QUEUES.identityEnrolment, QUEUES.identityDistributions],
    calls: [],
    publishes: [{ exchange: EXCHANGES.events, routingKeys: types(IdentityEvents) }],
    binds: [
      { queue: QUEUES.identityEnrolment, exchange: EXCHANGES.enrolment, routingKeys: [ENROLMENT_BINDING] },
      { queue: QUEUES.identityDistributions, exchange: EXCHANGES.events, routingKeys: [MailmergeEvents.campaignDistributed.type, MailmergeEvents.lifecycleNoticeSent.type] },
    ],
    // Issue 18: one queue per downstream SCIM target, bound to the account events pushed to it.
    families: [{ prefix: SCIM_PUSH_QUEUE_PREFIX, exchange: EXCHANGES.events, routingKeys: SCIM_PUSH_EVENTS.map((event) => event.type) }],
  },
  importer: {
    owns: [QUEUES.importerRpc],
    calls: [QUEUES.identityRpc],
    publishes: [{ exchange: EXCHANGES.events, routingKeys: types(ImporterEvents) }],
    binds: [],
  },
  mailmerge: {
    owns: [QUEUES.mailmergeRpc, QUEUES.mailmergeIdentityEvents],
    calls: [QUEUES.identityRpc],
    publishes: [{ exchange: EXCHANGES.events, routingKeys: types(MailmergeEvents) }],
    // Identity's events, by type: never `#`, which would also bring whatever another service publishes.
    binds: [{ queue: QUEUES.mailmergeIdentityEvents, exchange: EXCHANGES.events, routingKeys: types(IdentityEvents) }],
  },
  // A student information system: publishes enrolment events, nothing else.
  'enrolment-publisher': {
    owns: [],
    calls: [],
    publishes: [{ exchange: EXCHANGES.enrolment, routingKeys: 'any' }],
    binds: [],
  },
};

/** The exchanges a deployment declares before the services start (no service may). */
export const SHARED_EXCHANGES: ReadonlyArray<{ name: ExchangeName; type: 'topic'; durable: true }> = [
  { name: EXCHANGES.events, type: 'topic', durable: true },
  { name: EXCHANGES.enrolment, type: 'topic', durable: true },
];

/** RabbitMQ permissions of one user on a vhost: regular expressions over queue and exchange names. */
export interface BrokerPermissions {
  configure: string;
  write: string;
  read: string;
  /** Routing keys allowed per topic exchange (publishing: write; binding: read). */
  topics: Array<{ exchange: string; write: string; read: string }>;
}

const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matches exactly these names and nothing else (`^$` matches no resource: the default exchange is
 * `amq.default`), and the queues of the families given by their prefix (`<prefix>.<uuid>` and its `.dead`).
 */
export function exactly(names: readonly string[], families: readonly string[] = []): string {
  if (names.length === 0 && families.length === 0) return '^$';
  const parts = [...[...new Set(names)].map(escaped), ...families.map((prefix) => `${escaped(prefix)}\\.[0-9a-f-]{36}(\\.dead)?`)];
  return `^(${parts.join('|')})$`;
}

/**
 * The least a user needs, measured on RabbitMQ 3.10 (test/e2e/least-privilege.e2e-spec.ts):
 * - configure: its own queues and their dead-letter queues (declaring them); nothing shared;
 * - write: `amq.default` to call a queue, answer on direct reply-to, declare a queue that
 *   dead-letters through it and send a dead letter; the exchanges it publishes to; its queues
 *   that are bound (a binding's destination);
 * - read: its own queues (consuming; declaring one with a dead-letter exchange) and the exchanges
 *   its queues are bound to, limited by topic permissions to the routing keys of its bindings;
 * - checking that a queue or an exchange exists (passive declaration) and consuming from direct
 *   reply-to take no permission.
 */
export function brokerPermissions(user: BrokerUser, namespace: string): BrokerPermissions {
  const role = BROKER_ROLES[user];
  const name = (plain: string) => namespaced(namespace, plain);
  const own = role.owns.flatMap((queue) => [queue, deadLetterQueueOf(queue)]).map(name);
  const usesDefaultExchange = role.owns.length > 0 || role.calls.length > 0;
  const topicExchanges = [...new Set([...role.publishes.map((p) => p.exchange), ...role.binds.map((b) => b.exchange)])];
  const keys = (list: RoutingKeys[]) => (list.includes('any') ? '.*' : exactly(list.flatMap((k) => (k === 'any' ? [] : k))));
  const families = (role.families ?? []).map((family) => name(family.prefix));
  const bound = [...role.binds, ...(role.families ?? []).map((family) => ({ exchange: family.exchange, routingKeys: family.routingKeys }))];
  return {
    configure: exactly(own, families),
    write: exactly(
      [...(usesDefaultExchange ? [AMQP_DEFAULT_EXCHANGE] : []), ...role.publishes.map((p) => name(p.exchange)), ...role.binds.map((b) => name(b.queue))],
      families,
    ),
    read: exactly([...own, ...bound.map((b) => name(b.exchange))], families),
    topics: [...new Set([...topicExchanges, ...bound.map((b) => b.exchange)])].map((exchange) => ({
      exchange: name(exchange),
      write: keys(role.publishes.filter((p) => p.exchange === exchange).map((p) => p.routingKeys)),
      read: keys(bound.filter((b) => b.exchange === exchange).map((b) => b.routingKeys)),
    })),
  };
}
