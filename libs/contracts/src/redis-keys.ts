import type { RedisService } from './broker-topology';
import { JOB_QUEUES } from './jobs';

// WARNING: this is the key layout of every deployed Redis; a key moved here is a key left behind
// there (and refused by the ACL users of docs/operations.md until they are created again).
//
//   <prefix>:bull:<job queue>:…   BullMQ: the queue's jobs, schedules, rate limit (one owner each)
//   <prefix>:<service>:…          anything else a service keeps (throttling counters…)

/** BullMQ's `prefix` option: its keys are `<this>:<queue>:…`. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:bull`;
}

/** Where a service keeps its own keys: `serviceKeys(prefix, 'identity')('throttle:login')`. */
export function serviceKeys(prefix: string, service: RedisService): (name: string) => string {
  return (name) => `${prefix}:${service}:${name}`;
}

/**
 * The keys a service keeps of its own (under `serviceKeys(prefix, owner)`), beside its job queues.
 * WARNING: a name changed here is a key left behind in every deployed Redis.
 */
export const SERVICE_REDIS_KEYS = {
  /**
   * Sorted set, one member per campaign email on its way to the SMTP server or sent within the last
   * second, shared by every mailmerge replica: the limit CAMPAIGN_EMAILS_PER_SECOND.
   */
  mailmergeEmailSendSlots: { owner: 'mailmerge', name: 'email-send-slots' },
} as const satisfies Record<string, { owner: RedisService; name: string }>;

/** The full name of one of SERVICE_REDIS_KEYS in a deployment: `<prefix>:<owner>:<name>`. */
export function serviceKey(prefix: string, key: (typeof SERVICE_REDIS_KEYS)[keyof typeof SERVICE_REDIS_KEYS]): string {
  return serviceKeys(prefix, key.owner)(key.name);
}

/** Escapes what Redis's glob patterns read as special. */
function literal(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** The key patterns a service's Redis user may touch: its own keys and its BullMQ queues'. */
export function redisKeyPatterns(service: RedisService, prefix: string): string[] {
  return [
    `${literal(serviceKeys(prefix, service)(''))}*`,
    // Each BullMQ queue's keys are its owner's alone (JOB_QUEUES).
    ...Object.values(JOB_QUEUES)
      .filter((q) => q.owner === service)
      .map((q) => `${literal(`${bullPrefix(prefix)}:${q.name}:`)}*`),
  ];
}

/**
 * Commands of every service's Redis user: what BullMQ (its Lua scripts included: Redis 7 checks
 * the commands a script runs against the caller's rules), rate-limiter-flexible and ioredis use.
 * Not the server's administration (CONFIG, ACL, FLUSHALL, DEBUG, MONITOR… are @dangerous or
 * @admin), not the enumeration of other services' key names (KEYS, SCAN, RANDOMKEY), not
 * publish/subscribe. INFO (server version, eviction policy: BullMQ reads them at start) and CLIENT
 * SETNAME (BullMQ names its connections) are let back in.
 */
export const REDIS_COMMAND_RULES = [
  '+@all',
  '-@dangerous',
  '-@admin',
  '-@pubsub',
  '-scan',
  '-randomkey',
  '-function',
  '-script|flush',
  '-script|kill',
  '+info',
  '+client|setname',
  '+client|getname',
  '+client|id',
] as const;

/** The ACL rules of a service's user: its keys, no channel, its commands. */
export function redisAclRules(service: RedisService, prefix: string): string[] {
  return [...redisKeyPatterns(service, prefix).map((p) => `~${p}`), 'resetchannels', ...REDIS_COMMAND_RULES];
}

/** `ACL SETUSER` creating (or resetting: nothing of a former definition carries over) a service's user. */
export function redisSetUser(user: string, password: string, service: RedisService, prefix: string): string[] {
  return ['ACL', 'SETUSER', user, 'reset', 'on', `>${password}`, ...redisAclRules(service, prefix)];
}
