import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { generateOidcSigningKey, generateSigningKeys } from '@sesame/auth';
import { IdentityEvents, JOB_QUEUES, enrolmentRoutingKey } from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import { recordEvents } from '@sesame/outbox';
import { redisOptionsFromUrl } from '@sesame/redis';
import { TestIsolation, eventually } from '@sesame/testing';
import { Queue } from 'bullmq';
import { Kysely, sql } from 'kysely';
import { startGateway, loadGatewayConfig } from '@sesame/gateway/testing';
import type { Database } from '@sesame/identity/testing';
import { Api } from '../support/api';
import { EventTap, publishEnrolment } from '../support/events';
import { MANAGER } from '../support/stack';
import { Replica, expectOneRunPerPeriod, freePort, startReplicas } from './replicas-support';

// Two identity processes (the built service, as Kubernetes runs it) on one database, one AMQP
// namespace and one Redis prefix: the work is shared, never done twice (docs/operations.md, "Scale").

const PURGE_INTERVAL_MS = 1_000;

describe('two identity replicas', () => {
  const isolation = new TestIsolation();
  const keys = generateSigningKeys();
  const replicas: Replica[] = [];
  let gateway: INestApplication;
  let api: Api;
  let db: Kysely<Database>;
  let tap: EventTap;
  let token: string;

  beforeAll(async () => {
    const databaseUrl = await isolation.database('identity');
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      ...isolation.serviceEnv,
      LOG_LEVEL: 'warn',
      JWT_PRIVATE_KEY: keys.privateKey,
      OIDC_SIGNING_KEYS: generateOidcSigningKey(),
      SESAME_MANAGER_USERNAME: MANAGER.username,
      SESAME_MANAGER_PASSWORD: MANAGER.password,
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      OUTBOX_INTERVAL_MS: '100',
      PURGE_INTERVAL_MS: String(PURGE_INTERVAL_MS),
    };
    // Started together, as a Deployment's pods are: both migrate, both try to create the manager.
    for (let i = 0; i < 2; i++) replicas.push(new Replica('identity', `identity-${i}`, await freePort(), env));
    await startReplicas(replicas);
    gateway = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        ...isolation.serviceEnv,
        LOG_LEVEL: 'error',
        JWT_PUBLIC_KEY: keys.publicKey,
      }),
    );
    api = new Api(`http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`);
    db = createDatabase<Database>({ url: databaseUrl, max: 2 });
    tap = await EventTap.listen(isolation.services.amqpUrl, isolation.namespace, 'identity.#');
    token = await api.login(MANAGER.username, MANAGER.password);
  }, 60_000);

  afterAll(async () => {
    await tap?.close();
    await gateway?.close();
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.destroy();
    await isolation.cleanup();
  });

  it('start together: each migration applied once, one manager', async () => {
    const migrations = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(new Set(migrations.rows.map((r) => r.name)).size).toBe(migrations.rows.length);
    expect(migrations.rows.length).toBeGreaterThanOrEqual(4);
    expect(await db.selectFrom('accounts').select('id').where('role', '=', 'manager').execute()).toHaveLength(1);
  });

  it('publish each outbox event once, whichever replica recorded it', async () => {
    const asManager = api.as(token);
    const school = (await asManager.post('/api/v1/schools', { uai: '0750010D', name: 'Collège Colette' })).body;
    const created: string[] = [];
    for (let i = 0; i < 30; i++) {
      const answer = await asManager.post('/api/v1/users', { role: 'member', profile: 'teacher', firstName: 'Prof', lastName: `Numéro ${i}`, schoolIds: [school.id] });
      expect(answer.status).toBe(201);
      created.push(answer.body.id);
    }
    // And a burst written straight to the outbox in concurrent transactions, as a bulk change does:
    // both relays find rows to publish at the same moment.
    const ids = Array.from({ length: 2_000 }, () => randomUUID());
    await Promise.all(
      Array.from({ length: 20 }, (_, batch) =>
        db.transaction().execute((trx) =>
          recordEvents(
            trx,
            ids.slice(batch * 100, batch * 100 + 100).map((userId) => ({
              definition: IdentityEvents.userDeactivated,
              data: { userId, username: `u-${userId}`, role: 'member', profile: 'student', schoolIds: [], actorId: null },
            })),
          ),
        ),
      ),
    );
    await eventually(async () => (tap.of('identity.user.deactivated').length >= ids.length ? true : undefined), 30_000, 'the burst of events');
    await eventually(async () => (created.every((id) => tap.of('identity.user.created').some((e) => (e.data as { userId: string }).userId === id)) ? true : undefined), 15_000, 'the created users');
    // A late duplicate would arrive within a relay pass or two.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const envelopes = tap.received.map((e) => e.id);
    expect(new Set(envelopes).size).toBe(envelopes.length);
    expect(tap.of('identity.user.deactivated').map((e) => (e.data as { userId: string }).userId).sort()).toEqual([...ids].sort());
    expect(await db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('run the purge of expired pre-deleted accounts once per period, on one replica at a time', async () => {
    const asManager = api.as(token);
    const school = (await asManager.post('/api/v1/schools', { uai: '0750011E', name: 'Lycée Balzac' })).body;
    const doomed: string[] = [];
    for (let i = 0; i < 20; i++) {
      const user = (await asManager.post('/api/v1/users', { role: 'member', profile: 'student', firstName: 'Élève', lastName: `Parti ${i}`, schoolIds: [school.id] })).body;
      expect((await asManager.post(`/api/v1/users/${user.id}/pre-delete`)).status).toBe(200);
      doomed.push(user.id);
    }
    await db.updateTable('accounts').set({ delete_after: new Date(Date.now() - 86_400_000) }).where('id', 'in', doomed).execute();

    await eventually(async () => ((await db.selectFrom('accounts').select('id').where('id', 'in', doomed).execute()).length === 0 ? true : undefined), 15_000, 'the purge');
    await eventually(async () => (doomed.every((id) => tap.of('identity.user.deleted').some((e) => (e.data as { userId: string }).userId === id)) ? true : undefined), 15_000, 'the deleted events');
    const audit = await db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'user.delete').executeTakeFirstOrThrow();
    expect(audit.n).toBe(doomed.length);
    expect(tap.of('identity.user.deleted')).toHaveLength(doomed.length);

    // Both replicas run a worker on the maintenance queue, yet the schedule makes one job per period.
    const queue = new Queue(JOB_QUEUES.identityMaintenance.name, { connection: redisOptionsFromUrl(isolation.services.redisUrl), prefix: `${isolation.redisPrefix}:bull` });
    try {
      expect((await queue.getWorkers()).length).toBe(2);
      // The same queue has another schedule (folding the selection's counts): only the purge's runs count here.
      await expectOneRunPerPeriod(queue, JOB_QUEUES.identityMaintenance.jobs.purgePreDeleted.name, PURGE_INTERVAL_MS);
    } finally {
      await queue.close();
    }
  });

  it('apply the enrolment stream on one replica at a time, the other taking over when it stops', async () => {
    const event = (n: number) => ({
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      source: 'siecle',
      version: 1 as const,
      type: 'student.enrolled' as const,
      student: { externalId: `REP-${n}`, firstName: 'Camille', lastName: `Durand ${n}` },
      school: { uai: '0750010D' },
      className: '6A',
      relatives: [],
    });
    const publish = (events: Array<ReturnType<typeof event>>) =>
      publishEnrolment(isolation.services.amqpUrl, isolation.namespace, events.map((body) => ({ routingKey: enrolmentRoutingKey(body as never), body })));
    const enrolled = async () => (await db.selectFrom('accounts').select('id').where('source', '=', 'siecle').execute()).length;

    await publish(Array.from({ length: 300 }, (_, n) => event(n)));
    await eventually(async () => ((await enrolled()) === 300 ? true : undefined), 30_000, '300 students');
    const applied = await Promise.all(replicas.map((r) => r.metric('sesame_enrolment_events_total', 'outcome="applied"')));
    expect(applied.reduce((a, b) => a + b, 0)).toBe(300);
    expect(applied.filter((n) => n > 0)).toHaveLength(1); // the single active consumer; the other stands by

    const active = replicas[applied.findIndex((n) => n > 0)];
    const standby = replicas.find((r) => r !== active)!;
    await active.stop('SIGTERM');
    await publish(Array.from({ length: 100 }, (_, n) => event(300 + n)));
    await eventually(async () => ((await enrolled()) === 400 ? true : undefined), 30_000, '100 more students');
    expect(await standby.metric('sesame_enrolment_events_total', 'outcome="applied"')).toBe(100);
  });
});
