import { REDIS_SERVICES, RedisService } from './broker-topology';
import { JOB_QUEUES } from './jobs';
import { SERVICE_REDIS_KEYS, bullPrefix, redisAclRules, redisKeyPatterns, serviceKey, serviceKeys } from './redis-keys';

/** Redis's glob patterns (`*`, `?`, escapes), as ACL key patterns read them. */
const matches = (pattern: string, key: string) =>
  new RegExp(`^${pattern.replace(/\\(.)|([.+^${}()|[\]])|(\*)|(\?)/g, (_, escaped, special, star, any) => (escaped ? `\\${escaped}` : special ? `\\${special}` : star ? '.*' : any ? '.' : ''))}$`).test(key);
const mayTouch = (service: RedisService, key: string, prefix = 'sesame') => redisKeyPatterns(service, prefix).some((p) => matches(p, key));

describe('the Redis key layout and ACL rules', () => {
  it('gives each BullMQ queue one owner, and each service its own queues’ keys only', () => {
    const queues = Object.values(JOB_QUEUES);
    expect(new Set(queues.map((q) => q.name)).size).toBe(queues.length);
    for (const { name: queue, owner: service } of queues) {
      for (const other of REDIS_SERVICES) {
        expect([other, queue, mayTouch(other, `${bullPrefix('sesame')}:${queue}:wait`)]).toEqual([other, queue, other === service]);
        expect(mayTouch(other, `${bullPrefix('sesame')}:${queue}:42:lock`)).toBe(other === service);
      }
    }
  });

  it('keeps a service’s own keys under <prefix>:<service>:, out of the others’ reach', () => {
    const login = serviceKeys('sesame', 'identity')('throttle:login:u');
    expect(login).toBe('sesame:identity:throttle:login:u');
    expect(REDIS_SERVICES.filter((s) => mayTouch(s, login))).toEqual(['identity']);
    expect(REDIS_SERVICES.filter((s) => mayTouch(s, 'sesame:importer:k'))).toEqual(['importer']);
    // Another deployment's keys, and keys merely starting like a service's name.
    expect(mayTouch('identity', 'other:identity:throttle:login:u')).toBe(false);
    expect(mayTouch('identity', 'sesame:identityx:k')).toBe(false);
    expect(mayTouch('mailmerge', `sesame:bull:${JOB_QUEUES.mailmergeCampaigns.name}x:wait`)).toBe(false);
  });

  it('gives each key a service keeps of its own to that service alone, with no new ACL pattern', () => {
    const slots = serviceKey('sesame', SERVICE_REDIS_KEYS.mailmergeEmailSendSlots);
    expect(slots).toBe('sesame:mailmerge:email-send-slots');
    expect(REDIS_SERVICES.filter((s) => mayTouch(s, slots))).toEqual(['mailmerge']);
    // The owner's user may touch what it did before and no more: one pattern of its own keys, and its queues'.
    expect(redisKeyPatterns('mailmerge', 'sesame')).toEqual([
      'sesame:mailmerge:*',
      ...Object.values(JOB_QUEUES)
        .filter((q) => q.owner === 'mailmerge')
        .map((q) => `sesame:bull:${q.name}:*`),
    ]);
  });

  it('escapes a prefix that Redis would read as a pattern', () => {
    expect(redisKeyPatterns('identity', 'a*b')[0]).toBe('a\\*b:identity:*');
    expect(mayTouch('identity', 'a*b:identity:k', 'a*b')).toBe(true);
    expect(mayTouch('identity', 'aXb:identity:k', 'a*b')).toBe(false);
  });

  it('takes away administration, enumeration and publish/subscribe', () => {
    const rules = redisAclRules('importer', 'sesame');
    expect(rules).toEqual(expect.arrayContaining(['resetchannels', '-@dangerous', '-@admin', '-@pubsub', '-scan', '-randomkey']));
    // What is let back in comes after what is taken away.
    expect(rules.indexOf('+info')).toBeGreaterThan(rules.indexOf('-@dangerous'));
  });
});
