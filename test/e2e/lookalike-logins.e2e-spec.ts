import { randomBytes, randomUUID } from 'node:crypto';
import { IdentityImportRpc, QUEUES, enrolmentRoutingKey } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { eventually } from '@sesame/testing';
import { publishEnrolment } from '../support/events';
import { Directory, PASSWORD, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { errorCodes, settled, validated } from './imports-support';

/**
 * `gestionnаire` (Cyrillic а) and `ｇｅｓｔｉｏｎｎａｉｒｅ` were accepted beside `gestionnaire` (issue 12):
 * a login whose UTS #39 skeleton is that of a login in use is now refused, through the API and
 * imports, without saying which login it resembles. Case stays significant (SPEC §3).
 */
describe('look-alike logins', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack({ importer: { IMPORT_HASH_THREADS: '1' } });
    d = await seedDirectory(stack.api);
    const first = await supervisor('gestionnaire');
    if (first.status !== 201) throw new Error(JSON.stringify(first.body));
  });
  afterAll(() => stack.close());

  const manager = () => stack.api.as(d.tokens.manager);
  function supervisor(username: string) {
    return manager().post('/api/v1/users', { role: 'supervisor', username, email: 'vie-scolaire@ac-test.fr', password: PASSWORD, managedBy: d.adminA.id });
  }
  const expectLookalike = (answer: { status: number; body: any }) => {
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('username_lookalike');
    expect(answer.body.title).toBe('Cet identifiant ressemble trop à un identifiant déjà utilisé (des caractères différents qui se lisent pareil) ; choisissez-en un autre.');
    // Which login it resembles is not said: it may be another school's.
    expect(JSON.stringify(answer.body)).not.toContain('gestionnaire');
  };

  it.each([
    ['gestionn\u0430ire', 'a Cyrillic а'],
    ['ｇｅｓｔｉｏｎｎａｉｒｅ', 'full-width letters'],
  ])('refuses %j (%s) on creation, and writes nothing', async (username) => {
    expectLookalike(await supervisor(username));
    const count = await stack.identityDb.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('username', '=', username.normalize('NFC')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses a rename to a look-alike, and allows keeping one’s own login', async () => {
    const answer = await manager().patch(`/api/v1/users/${d.supervisorA.id}`, { username: 'gestionn\u0430ire' });
    expectLookalike(answer);
    const same = await manager().patch(`/api/v1/users/${d.supervisorA.id}`, { username: d.supervisorA.username, firstName: 'Vie' });
    expect(same.status).toBe(200);
  });

  it('still tells an exact duplicate as taken', async () => {
    const answer = await supervisor('gestionnaire');
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('username_taken');
  });

  it('keeps JDupont and jdupont two accounts (SPEC §3)', async () => {
    const suffix = randomBytes(3).toString('hex');
    expect((await supervisor(`JDupont${suffix}`)).status).toBe(201);
    expect((await supervisor(`jdupont${suffix}`)).status).toBe(201);
  });

  it('gives a generated login another suffix when it would look like one in use', async () => {
    const last = `Marceau${randomBytes(2).toString('hex').replace(/[01]/g, 'x')}`;
    // zoe.rnarceau… reads like zoe.marceau…: the generator must not hand out the look-alike.
    const lookalike = `zoe.rn${last.toLowerCase().slice(1)}`;
    expect((await supervisor(lookalike)).status).toBe(201);
    const member = await d.student(d.schoolA, { firstName: 'Zoé', lastName: last });
    expect(member.username).toBe(`zoe.${last.toLowerCase()}2`);
  });

  it('gives a login generated for an enrolment event another suffix too', async () => {
    const last = `Mercier${randomBytes(2).toString('hex').replace(/[01]/g, 'x')}`;
    expect((await supervisor(`lucas.rnercier${last.toLowerCase().slice(7)}`)).status).toBe(201);
    const externalId = `E-${randomUUID()}`;
    const body = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      source: 'siecle',
      version: 1,
      type: 'student.enrolled',
      student: { externalId, firstName: 'Lucas', lastName: last },
      school: { uai: '0750001U' },
      className: '6A',
      relatives: [],
    };
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, [{ routingKey: enrolmentRoutingKey(body as never), body }]);
    const created = await eventually(
      () => stack.identityDb.selectFrom('accounts').select('username').where('external_id', '=', externalId).executeTakeFirst(),
      15_000,
      'enrolled student',
    );
    expect(created.username).toBe(`lucas.${last.toLowerCase()}2`);
  });

  describe('imports', () => {
    const header = 'userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId';
    const csv = (usernames: string[]) => Buffer.from([header, ...usernames.map((u) => `${u};Léa;Martin;;;;;student;0750001U;;`)].join('\r\n') + '\r\n');

    it('reports a look-alike of an existing login, and of an earlier row, per row', async () => {
      const suffix = randomBytes(3).toString('hex');
      const report = await validated(
        stack.api,
        d.tokens.manager,
        csv(['gestionn\u0430ire', `nouveau.${suffix}`, `nouveau.${suffix}`.replace('o', '\u043e'), `JDupont.${suffix}`, `jdupont.${suffix}`]),
      );
      expect(report.status).toBe('invalid');
      expect(errorCodes(report)).toEqual(['2 userName username.lookalike', '4 userName username.lookalike_in_file']);
      expect(report.errors.map((e: { message: string }) => e.message)).toEqual([
        'Cet identifiant ressemble trop à un identifiant déjà utilisé (des caractères différents qui se lisent pareil).',
        'Cet identifiant ressemble trop à celui de la ligne 3 du fichier (des caractères différents qui se lisent pareil).',
      ]);
    });

    it('refuses at confirmation a row that looks like a login created since the validation', async () => {
      const username = `recent.${randomBytes(3).toString('hex')}`;
      const report = await validated(stack.api, d.tokens.manager, csv([username]));
      expect(report.status).toBe('ready');
      expect((await supervisor(username.replace('e', '\u0435'))).status).toBe(201);
      const confirmed = await manager().post(`/api/v1/imports/${report.id}/confirm`);
      expect(confirmed.status).toBe(202);
      const outcome = await settled(manager(), report.id);
      expect(outcome.status).toBe('failed');
      expect(errorCodes(outcome)).toEqual(['2 userName username.lookalike']);
    });

    it('refuses at commit staged rows that look like each other (a forged stage skips the importer’s checks)', async () => {
      const client = new RpcClient({ url: stack.env.identity.AMQP_URL, namespace: stack.env.identity.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: 5_000 });
      try {
        const importId = randomUUID();
        const base = `forge.${randomBytes(3).toString('hex')}`;
        const row = (line: number, username: string) => ({
          line, username, firstName: 'Léa', lastName: 'Martin', displayName: null, email: null, role: 'member' as const,
          profile: 'student' as const, passwordHash: null, school: '0750001U', classes: [], externalId: null,
        });
        const rows = [row(2, base), row(3, base.replace('o', '\u043e'))];
        const context = { token: d.tokens.manager };
        expect(await client.call(IdentityImportRpc.stage, { importId, administratorId: null, rows }, context)).toEqual({ staged: 2, committed: false });
        const result = await client.call(IdentityImportRpc.commit, { importId, rows: 2 }, context);
        expect(result).toEqual({ committed: false, conflicts: [{ line: 3, column: 'userName', value: rows[1].username, reason: 'lookalike' }] });
      } finally {
        await client.close();
      }
    });

    it('imports a file of logins that do not look alike', async () => {
      const suffix = randomBytes(3).toString('hex');
      const report = await validated(stack.api, d.tokens.manager, csv([`JDupont.${suffix}`, `jdupont.${suffix}`]));
      expect(report.status).toBe('ready');
      expect((await manager().post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
      expect((await settled(manager(), report.id)).status).toBe('done');
    });
  });
});
