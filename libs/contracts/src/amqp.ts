// WARNING: these names are the wire contract between running services and deployed brokers.
// Renaming one strands the messages already queued under the old name.

/**
 * Exchanges shared by several parties, so declared by the deployment (broker-topology.ts), never by
 * a service: declaring one takes `configure` on it, which also lets its holder delete it.
 */
export const EXCHANGES = {
  /** Topic exchange where every service publishes its domain events (routing key = event type). */
  events: 'sesame.events',
  /** Topic exchange where student information systems publish enrolment events. */
  enrolment: 'enrolment',
} as const;

/**
 * RabbitMQ's own names. Request/reply goes through the default exchange (to the callee's queue) and
 * direct reply-to (back to the caller): publishing to either takes `write` on `amq.default`;
 * consuming from direct reply-to takes no permission. Dead letters also go through the default
 * exchange (see deadLetterArguments).
 */
export const AMQP_DEFAULT_EXCHANGE = 'amq.default';
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

/** Queues, each owned (declared and consumed) by one service. */
export const QUEUES = {
  /** Commands and queries for identity (request/reply through the gateway, the importer, mailmerge). */
  identityRpc: 'sesame.identity.rpc',
  /** Enrolment events consumed by identity. */
  identityEnrolment: 'sesame.identity.enrolment',
  /** Commands and queries for the importer. */
  importerRpc: 'sesame.importer.rpc',
  /** Commands and queries for mailmerge. */
  mailmergeRpc: 'sesame.mailmerge.rpc',
  /** Identity events mailmerge reacts to (password reset mails, notifications). */
  mailmergeIdentityEvents: 'sesame.mailmerge.identity-events',
  /** Mailmerge's distribution events, from which identity keeps each account's last distribution. */
  identityDistributions: 'sesame.identity.distributions',
} as const;

/**
 * Issue 18: each downstream SCIM target has its own queue, `<prefix>.<target id>` (with its
 * `.dead`), bound to identity's account events: a target that is down delays only itself.
 */
export const SCIM_PUSH_QUEUE_PREFIX = 'sesame.identity.scim-push';
export const scimPushQueue = (targetId: string) => `${SCIM_PUSH_QUEUE_PREFIX}.${targetId}`;

export type ExchangeName = (typeof EXCHANGES)[keyof typeof EXCHANGES];
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Name of the queue that keeps the messages a queue gave up on. */
export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dead`;
}

/**
 * Every exchange and queue name goes through here, so that a deployment (or a test file) can run
 * beside another one on the same broker: `namespaced('t42', 'sesame.events')` → `t42.sesame.events`.
 */
export function namespaced(namespace: string, name: string): string {
  return namespace ? `${namespace}.${name}` : name;
}

/**
 * Dead letters go straight to `<queue>.dead` through the default exchange. A shared dead-letter
 * exchange would have to be readable by every service to be bound to, and whoever may read an
 * exchange may bind their own queue to it with another queue's routing key: identity's dead RPC
 * requests (login passwords) would be theirs. Through the default exchange nothing is bound and
 * nobody reads anything but their own queues. (Declaring a queue with a dead-letter exchange takes
 * `read` on the queue and `write` on that exchange: `amq.default`, which every service has anyway.)
 */
export function deadLetterArguments(namespace: string, queue: string) {
  return {
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': namespaced(namespace, deadLetterQueueOf(queue)),
  };
}

/**
 * Arguments of every queue that must not lose messages: quorum, dead-lettered to `<queue>.dead`,
 * bounded redelivery (without a limit, a message that crashes its consumer loops forever).
 */
export function durableQueueArguments(namespace: string, queue: string, deliveryLimit = 5) {
  return {
    'x-queue-type': 'quorum',
    ...deadLetterArguments(namespace, queue),
    'x-delivery-limit': deliveryLimit,
  };
}

/**
 * Arguments of request/reply queues. A request is worth something only while its caller waits
 * (seconds); after a broker restart nobody waits for it any more. So these are classic queues of
 * transient messages: ~2 ms faster per call than a replicated quorum queue, still durable as
 * declarations, acknowledged after handling and dead-lettered when no handler takes them.
 */
export function rpcQueueArguments(namespace: string, queue: string) {
  return {
    'x-queue-type': 'classic',
    ...deadLetterArguments(namespace, queue),
  };
}

/** Header carrying the reason a message was sent to a dead-letter queue. */
export const DEAD_LETTER_REASON_HEADER = 'x-sesame-dead-letter-reason';
