import { randomUUID } from 'node:crypto';
import {
  BROKER_USERS,
  DEAD_LETTER_REASON_HEADER,
  EXCHANGES,
  JOB_QUEUES,
  QUEUES,
  REDIS_SERVICES,
  RedisService,
  SERVICE_REDIS_KEYS,
  SESAME_SERVICES,
  bullPrefix,
  deadLetterQueueOf,
  enrolmentRoutingKey,
  namespaced,
  redisKeyPatterns,
  serviceKey,
  serviceKeys,
  userName,
} from '@sesame/contracts';
import { LeastPrivilegeUsers, TestIsolation, eventually, rabbitmqctl } from '@sesame/testing';
import type { ConfirmChannel } from 'amqplib';
import Redis from 'ioredis';
import { TestSmtpServer } from '@sesame/mailmerge/testing';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { campaignWhen, launch } from './campaigns.support';
import { fixture, settled, validated } from './imports-support';
import { ACCESS_REFUSED, asBrokerUser, asRedisUser, dryRun } from './least-privilege.support';

/**
 * Every service on its own RabbitMQ user (a vhost for this file) and its own Redis ACL user, with
 * exactly the rights libs/contracts computes, created with the commands docs/operations.md gives
 * operators: the whole journey works, and each user is refused what belongs to another.
 */
describe('least privilege on RabbitMQ and Redis', () => {
  const isolation = new TestIsolation();
  const users = new LeastPrivilegeUsers(isolation);
  const smtp = new TestSmtpServer();
  const name = (plain: string) => namespaced(isolation.namespace, plain);
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    await users.create();
    stack = await startStack({
      // Enrolment events only from the information systems' user (its user-id, checked by RabbitMQ).
      identity: { ...users.serviceEnv('identity'), ENROLMENT_PUBLISHERS: userName(users.deployment, 'enrolment-publisher') },
      gateway: users.serviceEnv('gateway'),
      importer: users.serviceEnv('importer'),
      mailmerge: { ...users.serviceEnv('mailmerge'), SMTP_URL: await smtp.start(), PUBLIC_URL: 'https://sesame.ac-test.fr', CAMPAIGN_EMAILS_PER_SECOND: '50' },
    });
    d = await seedDirectory(stack.api);
  });

  afterAll(async () => {
    await stack?.close();
    await users.remove();
    await isolation.cleanup();
    await smtp.stop();
  });

  describe('the journey, each service on its own users', () => {
    it('signs in, throttles, creates accounts, imports a file', async () => {
      expect((await stack.api.post('/api/v1/auth/login', { username: d.adminA.username, password: 'not the password at all' })).status).toBe(401);
      const admin = stack.api.as(d.tokens.administrator);
      const report = await validated(stack.api, d.tokens.administrator, fixture('ok/utf8-comma.csv'));
      expect(report).toMatchObject({ status: 'ready', errors: [] });
      expect((await admin.post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
      expect(await settled(admin, report.id)).toMatchObject({ status: 'done' });
    });

    it('sends a campaign by email, and identity records the distribution mailmerge publishes', async () => {
      const admin = stack.api.as(d.tokens.administrator);
      const member = await d.student(d.schoolA, { email: `${uniqueName('zoe')}@example.org`, username: uniqueName('zoe') });
      const campaign = await launch(admin, { filter: { schoolId: d.schoolA.id, q: member.username }, sort: 'name', channel: 'email' });
      expect(await campaignWhen(admin, campaign.id)).toMatchObject({ status: 'completed', counts: { sent: 1 } });
      expect(smtp.received.filter((m) => m.to.includes(member.email))).toHaveLength(1);
      // Sent in a slot of the rate limit, kept by mailmerge's own user in its own key.
      expect(await asRedisUser(users, 'mailmerge', ['ZCARD', serviceKey(isolation.redisPrefix, SERVICE_REDIS_KEYS.mailmergeEmailSendSlots)])).toBe('1');
      await eventually(
        async () => ((await stack.identityDb.selectFrom('accounts').select('last_distributed_at').where('id', '=', member.id).executeTakeFirst())?.last_distributed_at ? true : undefined),
        15_000,
        'the distribution recorded by identity',
      );
    });

    it('mails a password reset link that works', async () => {
      const email = `${uniqueName('reset')}@example.org`;
      const member = await d.student(d.schoolA, { email, username: uniqueName('reset'), password: PASSWORD });
      expect((await stack.api.post('/api/v1/auth/password/forgot', { username: member.username })).status).toBe(202);
      const mail = await eventually(async () => smtp.received.find((m) => m.to.includes(email)), 15_000, 'the reset email');
      const token = /[?&]token=([A-Za-z0-9_\-.~%]+)/.exec(mail.text)?.[1];
      expect(token).toBeDefined();
      expect((await stack.api.post('/api/v1/auth/password/reset', { token: decodeURIComponent(token!), password: 'un tout nouveau secret' })).status).toBe(204);
      expect(await stack.api.login(member.username, 'un tout nouveau secret')).toEqual(expect.any(String));
    });

    it('applies an enrolment event the information system’s user publishes, and dead-letters an invalid one', async () => {
      const event = {
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        source: 'siecle',
        version: 1,
        type: 'student.enrolled',
        student: { externalId: `E-${randomUUID()}`, firstName: 'Camille', lastName: 'Durand' },
        school: { uai: '0750001U' },
        className: '6A',
        relatives: [],
      };
      const published = await asBrokerUser(users, 'enrolment-publisher', async (channel) => {
        const userId = userName(users.deployment, 'enrolment-publisher');
        channel.publish(name(EXCHANGES.enrolment), enrolmentRoutingKey(event as never), Buffer.from(JSON.stringify(event)), { persistent: true, userId });
        channel.publish(name(EXCHANGES.enrolment), 'student.enrolled', Buffer.from('{ not json'), { persistent: true, userId });
      });
      expect(published).toBe('ok');
      await eventually(
        async () => (await stack.identityDb.selectFrom('accounts').select('id').where('external_id', '=', event.student.externalId).executeTakeFirst()) ?? undefined,
        15_000,
        'the enrolled student',
      );
      // Checking a queue takes no permission: the dead letter identity sent through the default exchange.
      expect(await asBrokerUser(users, 'gateway', async (channel) => {
        await eventually(async () => ((await channel.checkQueue(name(deadLetterQueueOf(QUEUES.identityEnrolment)))).messageCount === 1 ? true : undefined), 15_000, 'the dead letter');
      })).toBe('ok');
    });

    it('keeps every Redis key it wrote where a service’s ACL user may write it', async () => {
      const redis = new Redis(isolation.services.redisUrl);
      try {
        const keys = await redis.keys(`${isolation.redisPrefix}:*`);
        expect(keys.length).toBeGreaterThan(10);
        const owners = (key: string) =>
          REDIS_SERVICES.filter((s) => redisKeyPatterns(s, isolation.redisPrefix).some((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(key)));
        expect(keys.filter((key) => owners(key).length !== 1)).toEqual([]);
        expect(new Set(keys.flatMap(owners))).toEqual(new Set(REDIS_SERVICES));
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('RabbitMQ refuses each user what is not its own', () => {
    it('refuses the importer binding a queue to identity’s events, or declaring one to bind', async () => {
      for (const key of ['#', 'identity.user.password-reset-requested']) {
        expect(await asBrokerUser(users, 'importer', (c) => c.bindQueue(name(QUEUES.importerRpc), name(EXCHANGES.events), key))).toMatch(ACCESS_REFUSED);
      }
      expect(await asBrokerUser(users, 'importer', (c) => c.assertQueue('', { exclusive: true }))).toMatch(ACCESS_REFUSED);
      expect(await asBrokerUser(users, 'importer', (c) => c.assertQueue(name('sesame.importer.spy')))).toMatch(ACCESS_REFUSED);
    });

    it('refuses the importer consuming identity’s requests (login passwords), or their dead letters', async () => {
      for (const queue of [QUEUES.identityRpc, deadLetterQueueOf(QUEUES.identityRpc)]) {
        expect(await asBrokerUser(users, 'importer', (c) => c.consume(name(queue), () => undefined))).toMatch(ACCESS_REFUSED);
        expect(await asBrokerUser(users, 'importer', (c) => c.get(name(queue)))).toMatch(ACCESS_REFUSED);
      }
    });

    it('refuses the gateway consuming mailmerge’s identity events (reset tokens)', async () => {
      expect(await asBrokerUser(users, 'gateway', (c) => c.consume(name(QUEUES.mailmergeIdentityEvents), () => undefined))).toMatch(ACCESS_REFUSED);
    });

    it('lets nobody but identity consume the enrolment queue', async () => {
      for (const user of BROKER_USERS.filter((u) => u !== 'identity')) {
        for (const queue of [QUEUES.identityEnrolment, deadLetterQueueOf(QUEUES.identityEnrolment)]) {
          expect([user, queue, await asBrokerUser(users, user, (c) => c.consume(name(queue), () => undefined))]).toEqual([user, queue, expect.stringMatching(ACCESS_REFUSED)]);
        }
      }
    });

    it('lets nobody delete a shared exchange, or another’s queue', async () => {
      for (const user of BROKER_USERS) {
        for (const exchange of Object.values(EXCHANGES)) {
          expect([user, exchange, await asBrokerUser(users, user, (c) => c.deleteExchange(name(exchange)))]).toEqual([user, exchange, expect.stringMatching(ACCESS_REFUSED)]);
        }
      }
      expect(await asBrokerUser(users, 'mailmerge', (c) => c.deleteQueue(name(QUEUES.identityEnrolment)))).toMatch(ACCESS_REFUSED);
      expect(await asBrokerUser(users, 'gateway', (c) => c.purgeQueue(name(QUEUES.identityRpc)))).toMatch(ACCESS_REFUSED);
    });

    it('takes enrolment events from the information systems’ user only: another service’s user cannot forge one', async () => {
      const publisher = userName(users.deployment, 'enrolment-publisher');
      const forged = {
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        source: 'siecle',
        version: 1,
        type: 'student.enrolled',
        student: { externalId: `FORGED-${randomUUID()}`, firstName: 'Faux', lastName: 'Élève' },
        school: { uai: '0750001U' },
        className: '6A',
        relatives: [],
      };
      const onto = (queue: string) => (options: object) => async (c: ConfirmChannel) => c.publish('', name(queue), Buffer.from(JSON.stringify(forged)), { persistent: true, ...options });
      const toEnrolment = onto(QUEUES.identityEnrolment);
      // Straight onto identity's queue through the default exchange (which every service may write to).
      expect(await asBrokerUser(users, 'importer', toEnrolment({}))).toBe('ok');
      // Claiming the publisher's user-id: RabbitMQ checks it against the login, and refuses.
      expect(await asBrokerUser(users, 'importer', toEnrolment({ userId: publisher }))).toMatch(/PRECONDITION_FAILED/);
      // The forged event is dead-lettered with the reason, and nobody was enrolled.
      const reason = await eventually(
        async () => {
          let found: string | undefined;
          await asBrokerUser(users, 'identity', async (c) => {
            for (let message = await c.get(name(deadLetterQueueOf(QUEUES.identityEnrolment)), { noAck: false }); message; message = await c.get(name(deadLetterQueueOf(QUEUES.identityEnrolment)), { noAck: false })) {
              if (message.content.toString().includes(forged.eventId)) found = String(message.properties.headers?.[DEAD_LETTER_REASON_HEADER]);
            }
            c.nackAll(true);
          });
          return found;
        },
        15_000,
        'the forged event in the dead-letter queue',
      );
      expect(reason).toMatch(/^refused: no user-id, not one of the publishers this queue accepts/);
      expect(await stack.identityDb.selectFrom('accounts').select('id').where('external_id', '=', forged.student.externalId).executeTakeFirst()).toBeUndefined();
    });

    it('lets each publisher use its own routing keys only', async () => {
      const forge = (user: 'importer' | 'mailmerge' | 'enrolment-publisher', exchange: string, key: string) =>
        asBrokerUser(users, user, async (c) => c.publish(name(exchange), key, Buffer.from('{}')));
      expect(await forge('importer', EXCHANGES.events, 'identity.user.password-reset-requested')).toMatch(ACCESS_REFUSED);
      expect(await forge('mailmerge', EXCHANGES.events, 'identity.user.created')).toMatch(ACCESS_REFUSED);
      expect(await forge('enrolment-publisher', EXCHANGES.events, 'identity.user.created')).toMatch(ACCESS_REFUSED);
      expect(await forge('importer', EXCHANGES.enrolment, 'student.enrolled')).toMatch(ACCESS_REFUSED);
      expect(await asBrokerUser(users, 'mailmerge', (c) => c.bindQueue(name(QUEUES.mailmergeIdentityEvents), name(EXCHANGES.events), '#'))).toMatch(ACCESS_REFUSED);
      expect(await asBrokerUser(users, 'mailmerge', (c) => c.bindQueue(name(QUEUES.mailmergeIdentityEvents), name(EXCHANGES.enrolment), '#'))).toMatch(ACCESS_REFUSED);
    });
  });

  describe('Redis refuses each user what is not its own', () => {
    const own = (service: RedisService) => serviceKeys(isolation.redisPrefix, service);
    const job = (queue: string) => `${bullPrefix(isolation.redisPrefix)}:${queue}:1`;

    it('refuses the importer’s user identity’s and mailmerge’s keys', async () => {
      const slots = serviceKey(isolation.redisPrefix, SERVICE_REDIS_KEYS.mailmergeEmailSendSlots);
      for (const key of [job(JOB_QUEUES.identityMaintenance.name), own('identity')('throttle:login:x'), own('mailmerge')('x'), slots, job(JOB_QUEUES.mailmergeCampaigns.name)]) {
        expect([key, await asRedisUser(users, 'importer', ['GET', key])]).toEqual([key, expect.stringContaining('NOPERM')]);
        expect([key, await asRedisUser(users, 'importer', ['SET', key, 'forged'])]).toEqual([key, expect.stringContaining('NOPERM')]);
      }
      expect(await asRedisUser(users, 'importer', ['SET', own('importer')('probe'), '1'])).toBe('"OK"');
    });

    it('gives the gateway no Redis user at all: it keeps nothing there', async () => {
      const admin = new Redis(isolation.services.redisUrl);
      try {
        expect(await admin.call('ACL', 'GETUSER', userName(users.deployment, 'gateway'))).toBeNull();
        expect(await admin.call('ACL', 'GETUSER', userName(users.deployment, 'identity'))).not.toBeNull();
      } finally {
        admin.disconnect();
      }
      // A connection in its name gets nothing.
      expect(await asRedisUser(users, 'gateway', ['HGETALL', job('importer-imports')])).not.toMatch(/^\[|^\{/);
    });

    it('refuses every user administration and enumeration', async () => {
      for (const service of REDIS_SERVICES) {
        for (const command of [['KEYS', '*'], ['SCAN', '0'], ['CONFIG', 'GET', 'requirepass'], ['ACL', 'LIST'], ['CLIENT', 'LIST'], ['SUBSCRIBE', 'x']]) {
          expect([service, command[0], await asRedisUser(users, service, command)]).toEqual([service, command[0], expect.stringContaining('NOPERM')]);
        }
        // Asked without running them: were they allowed, they would harm the shared server.
        const user = userName(users.deployment, service);
        for (const command of [['FLUSHALL'], ['FLUSHDB'], ['CONFIG', 'SET', 'maxmemory', '1'], ['ACL', 'SETUSER', user, '+@all'], ['SHUTDOWN'], ['SCRIPT', 'FLUSH']]) {
          expect([service, command.join(' '), await dryRun(isolation.services.redisUrl, user, command)]).toEqual([service, command.join(' '), expect.stringMatching(/has no permissions/)]);
        }
      }
    });
  });

  it('ran every service on its own broker user: the vhost’s connections are theirs', async () => {
    const listed = await rabbitmqctl({ args: ['-q', 'list_connections', 'user', 'vhost'] });
    const inVhost = listed.split('\n').map((line) => line.split('\t')).filter(([, vhost]) => vhost === users.deployment.vhost).map(([user]) => user);
    expect(new Set(inVhost)).toEqual(new Set(SESAME_SERVICES.map((s) => userName(users.deployment, s))));
  });
});
