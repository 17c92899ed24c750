import { AMQP_DEFAULT_EXCHANGE, EXCHANGES, QUEUES, deadLetterQueueOf } from './amqp';
import { BROKER_USERS, BrokerUser, brokerPermissions, exactly } from './broker-topology';

// RabbitMQ matches these with Erlang's PCRE; for anchored alternations of literal names JavaScript's
// RegExp reads them the same way.
const may = (user: BrokerUser, right: 'configure' | 'write' | 'read', resource: string, namespace = 'ns') =>
  new RegExp(brokerPermissions(user, namespace)[right]).test(resource);
const topic = (user: BrokerUser, exchange: string, right: 'write' | 'read', key: string, namespace = 'ns') => {
  const rule = brokerPermissions(user, namespace).topics.find((t) => t.exchange === exchange);
  return rule === undefined ? undefined : new RegExp(rule[right]).test(key);
};
const ns = (name: string) => `ns.${name}`;

describe('brokerPermissions', () => {
  it('gives the gateway nothing but calling through the default exchange', () => {
    expect(brokerPermissions('gateway', 'ns')).toEqual({ configure: '^$', write: '^(amq\\.default)$', read: '^$', topics: [] });
  });

  it('lets the enrolment publisher write to the enrolment exchange only, with any routing key', () => {
    expect(brokerPermissions('enrolment-publisher', 'ns')).toEqual({
      configure: '^$',
      write: '^(ns\\.enrolment)$',
      read: '^$',
      topics: [{ exchange: 'ns.enrolment', write: '.*', read: '^$' }],
    });
  });

  it('gives no one configure on a shared exchange (it would let them delete it), nor on another’s queue', () => {
    for (const user of BROKER_USERS) {
      for (const exchange of Object.values(EXCHANGES)) expect([user, exchange, may(user, 'configure', ns(exchange))]).toEqual([user, exchange, false]);
      expect(may(user, 'configure', AMQP_DEFAULT_EXCHANGE)).toBe(false);
    }
    expect(may('importer', 'configure', ns(QUEUES.identityRpc))).toBe(false);
    expect(may('gateway', 'configure', ns(QUEUES.importerRpc))).toBe(false);
    expect(may('identity', 'configure', ns(QUEUES.identityRpc))).toBe(true);
    expect(may('identity', 'configure', ns(deadLetterQueueOf(QUEUES.identityRpc)))).toBe(true);
  });

  it('lets only the owner of a queue consume it, or its dead letters', () => {
    const owners: Record<string, BrokerUser> = {
      [QUEUES.identityRpc]: 'identity',
      [QUEUES.identityEnrolment]: 'identity',
      [QUEUES.identityDistributions]: 'identity',
      [QUEUES.importerRpc]: 'importer',
      [QUEUES.mailmergeRpc]: 'mailmerge',
      [QUEUES.mailmergeIdentityEvents]: 'mailmerge',
    };
    expect(Object.keys(owners).sort()).toEqual(Object.values(QUEUES).sort());
    for (const [queue, owner] of Object.entries(owners)) {
      for (const user of BROKER_USERS) {
        for (const name of [queue, deadLetterQueueOf(queue)]) expect([user, name, may(user, 'read', ns(name))]).toEqual([user, name, user === owner]);
      }
    }
  });

  it('lets the importer publish its own events but bind nothing to sesame.events', () => {
    expect(may('importer', 'read', ns(EXCHANGES.events))).toBe(false);
    expect(topic('importer', ns(EXCHANGES.events), 'write', 'importer.import.completed')).toBe(true);
    expect(topic('importer', ns(EXCHANGES.events), 'write', 'identity.user.password-reset-requested')).toBe(false);
    expect(topic('importer', ns(EXCHANGES.events), 'read', '#')).toBe(false);
  });

  it('lets mailmerge bind identity’s events by type only, and identity mailmerge’s distribution events only', () => {
    expect(may('mailmerge', 'read', ns(EXCHANGES.events))).toBe(true);
    expect(topic('mailmerge', ns(EXCHANGES.events), 'read', 'identity.user.password-reset-requested')).toBe(true);
    for (const key of ['#', 'identity.#', 'identity.user.*', 'importer.import.completed']) expect([key, topic('mailmerge', ns(EXCHANGES.events), 'read', key)]).toEqual([key, false]);
    expect(topic('identity', ns(EXCHANGES.events), 'read', 'mailmerge.campaign.distributed')).toBe(true);
    expect(topic('identity', ns(EXCHANGES.events), 'read', '#')).toBe(false);
    expect(topic('identity', ns(EXCHANGES.enrolment), 'read', '#')).toBe(true);
    expect(may('mailmerge', 'read', ns(EXCHANGES.enrolment))).toBe(false);
    // Publishing: each its own event types.
    expect(topic('mailmerge', ns(EXCHANGES.events), 'write', 'identity.user.created')).toBe(false);
    expect(topic('identity', ns(EXCHANGES.events), 'write', 'mailmerge.campaign.distributed')).toBe(false);
  });

  it('follows the namespace, and matches whole names only', () => {
    expect(may('identity', 'read', QUEUES.identityRpc, '')).toBe(true);
    expect(may('identity', 'read', `x${QUEUES.identityRpc}`, '')).toBe(false);
    expect(may('identity', 'read', `${QUEUES.identityRpc}x`, '')).toBe(false);
    expect(may('identity', 'read', 'sesameXidentity.rpc', '')).toBe(false);
    expect(may('identity', 'read', ns(QUEUES.identityRpc), 'other')).toBe(false);
    expect(exactly([])).toBe('^$');
    expect(new RegExp(exactly([])).test('')).toBe(true); // the default exchange is named amq.default, not ''
  });
});
