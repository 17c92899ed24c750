// WARNING: these names are the wire contract between running services and deployed brokers.
// Renaming one strands the messages already queued under the old name.

/** Exchanges. `enrolment` is owned by the school information systems; the others by Sesame. */
export const EXCHANGES = {
  /** Topic exchange where every service publishes its domain events (routing key = event type). */
  events: 'sesame.events',
  /** Topic exchange where student information systems publish enrolment events. */
  enrolment: 'enrolment',
  /** Direct exchange receiving poison messages; routing key = the queue they came from. */
  deadLetter: 'sesame.dead-letter',
} as const;

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
 * Arguments of every queue that must not lose messages: quorum, dead-lettered to `<queue>.dead`,
 * bounded redelivery (without a limit, a message that crashes its consumer loops forever).
 */
export function durableQueueArguments(namespace: string, queue: string, deliveryLimit = 5) {
  return {
    'x-queue-type': 'quorum',
    'x-dead-letter-exchange': namespaced(namespace, EXCHANGES.deadLetter),
    'x-dead-letter-routing-key': namespaced(namespace, queue),
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
    'x-dead-letter-exchange': namespaced(namespace, EXCHANGES.deadLetter),
    'x-dead-letter-routing-key': namespaced(namespace, queue),
  };
}

/** Header carrying the reason a message was sent to a dead-letter queue. */
export const DEAD_LETTER_REASON_HEADER = 'x-sesame-dead-letter-reason';
