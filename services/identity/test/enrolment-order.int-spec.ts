import type { INestApplication } from '@nestjs/common';
import { generateOidcSigningKey, generateSigningKeys } from '@sesame/auth';
import { createDatabase } from '@sesame/database';
import { TestIsolation } from '@sesame/testing';
import fc from 'fast-check';
import { Kysely, sql } from 'kysely';
import { startIdentity } from '../src/app';
import { loadIdentityConfig } from '../src/config/identity.config';
import { EnrolmentService } from '../src/enrolment/enrolment.service';
import { SCHOOLS, arrivalArbitrary, batchesOf, directoryOf, eventsOf, historyArbitrary, inTimeOrder, isInvalid } from './support/enrolment-histories';

const RUNS = Number(process.env.SESAME_ENROLMENT_PROPERTY_RUNS ?? 1000);

/**
 * SPEC §7, fact by fact: whatever order enrolment events arrive in, however they are batched, with
 * duplicates, identity ends in the state of the same events applied in time order.
 * Through the real service and repositories on PostgreSQL; each ordering writes under a source of
 * its own (a person is source + externalId), so nothing needs resetting between runs.
 */
describe('enrolment events in any order (property)', () => {
  const isolation = new TestIsolation();
  const admin = { source: 'manual', externalId: 'ADM-1' };
  let identity: INestApplication;
  let db: Kysely<any>;
  let enrolment: EnrolmentService;
  let run = 0;

  beforeAll(async () => {
    // A throwaway database: commits need not wait for the disk (thousands of small transactions).
    const url = `${await isolation.database('identity')}?options=-c%20synchronous_commit%3Doff`;
    identity = await startIdentity(
      loadIdentityConfig({
        PORT: '0',
        ...isolation.serviceEnv,
        LOG_LEVEL: process.env.SESAME_TEST_LOG_LEVEL ?? 'error',
        DATABASE_URL: url,
        JWT_PRIVATE_KEY: generateSigningKeys().privateKey,
        OIDC_SIGNING_KEYS: generateOidcSigningKey(),
        SESAME_MANAGER_USERNAME: 'manager',
        SESAME_MANAGER_PASSWORD: 'the académie keeps its keys',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_ITERATIONS: '1',
      }),
    );
    db = createDatabase({ url, max: 2 });
    await sql`INSERT INTO schools (uai, name) SELECT uai, 'École ' || uai FROM unnest(${sql.val(SCHOOLS)}::text[]) AS s(uai)`.execute(db);
    await sql`INSERT INTO accounts (username, role, email, source, external_id) VALUES ('anne.admin', 'administrator', 'anne.admin@ac-test.fr', ${admin.source}, ${admin.externalId})`.execute(db);
    enrolment = identity.get(EnrolmentService);
  });
  afterAll(async () => {
    await identity?.close();
    await db?.destroy();
    await isolation.cleanup();
  });

  it(`ends in the state of the events applied in time order, for ${RUNS} random arrival orders`, async () => {
    const ordering = historyArbitrary().chain((steps) => fc.record({ steps: fc.constant(steps), arrival: arrivalArbitrary(steps.length + 1), aimedAtAdministrator: fc.boolean() }));
    await fc.assert(
      fc.asyncProperty(ordering, async ({ steps, arrival, aimedAtAdministrator }) => {
        run += 1;
        const copy = (suffix: string) => {
          const events = eventsOf(steps, `p${run}-${suffix}`);
          // An assignment aimed at an administrator: refused whatever the order, changing nothing.
          const refused = { ...events[0], eventId: `${events[0].eventId.slice(0, 9)}0000-4000-8000-999999999999`, type: 'staff.assigned' as const,
            source: admin.source, staff: { ...admin, firstName: 'Anne', lastName: 'Admin' }, profile: 'teacher' as const, school: { uai: SCHOOLS[0] }, classNames: [] };
          return aimedAtAdministrator ? [...events, refused] : events;
        };
        // Time order in one batch (the planner applies a batch in time order); the arrival side tries
        // every other batching, down to one event per batch.
        const reference = copy('t');
        await enrolment.apply(inTimeOrder(reference));

        const arriving = copy('a');
        const refused = new Set<string>();
        const order = arrival.order.filter((i) => i < arriving.length);
        for (const batch of batchesOf(order.map((i) => arriving[i]), arrival.cuts)) {
          const outcome = await enrolment.apply(batch);
          outcome.refused.forEach((_, eventId) => refused.add(eventId));
        }

        expect(await directoryOf(db, `p${run}-a`)).toEqual(await directoryOf(db, `p${run}-t`));
        const invalid = arriving.filter((e) => isInvalid(e) || e.source === admin.source).map((e) => e.eventId);
        expect([...refused].sort()).toEqual([...new Set(invalid)].sort());
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
