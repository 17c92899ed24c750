import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_REASON_HEADER, IdentityRpc, QUEUES, ServiceFailure, deadLetterQueueOf, enrolmentRoutingKey, namespaced } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { eventually } from '@sesame/testing';
import { connect } from 'amqplib';
import { publishEnrolment } from '../support/events';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { upload } from './imports-support';

const NUL = '\u0000';

/**
 * A NUL (U+0000) anywhere in a request used to reach PostgreSQL, which cannot store it: a 500, even on
 * the unauthenticated login (issue 12). Now a 400 naming the field, on every route and every message.
 * Names (people, schools, classes) refuse every control character, tabs and line breaks included.
 */
describe('NUL and control characters', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack({ importer: { IMPORT_HASH_THREADS: '1' } });
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  const anonymous = () => stack.api;
  const manager = () => stack.api.as(d.tokens.manager);
  const expectRefused = (answer: { status: number; body: any }, field: string, code = 'text.nul_character') => {
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('validation_failed');
    expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code, message: expect.stringMatching(/\.$/) })]));
  };

  describe('a NUL is a 400 everywhere', () => {
    const member = () => ({ role: 'member', profile: 'student', firstName: 'Léa', lastName: 'Martin', schoolIds: [d.schoolA.id] });
    it.each([
      ['login, unauthenticated', () => anonymous().post('/api/v1/auth/login', { username: `manager${NUL}`, password: 'whatever it is' }), 'username'],
      ['login, the password', () => anonymous().post('/api/v1/auth/login', { username: 'manager', password: `x${NUL}y` }), 'password'],
      ['activation', () => anonymous().post('/api/v1/auth/activate', { username: `a${NUL}`, activationCode: 'abcdefgh', password: PASSWORD }), 'username'],
      ['activation code', () => anonymous().post('/api/v1/auth/activate', { username: 'a', activationCode: `abc${NUL}`, password: PASSWORD }), 'activationCode'],
      ['forgotten password', () => anonymous().post('/api/v1/auth/password/forgot', { username: `a${NUL}b` }), 'username'],
      ['reset', () => anonymous().post('/api/v1/auth/password/reset', { token: `${'t'.repeat(20)}${NUL}`, password: PASSWORD }), 'token'],
      ['users: create, a name', () => manager().post('/api/v1/users', { ...member(), firstName: `L${NUL}a` }), 'firstName'],
      ['users: create, the username', () => manager().post('/api/v1/users', { ...member(), username: `lea${NUL}` }), 'username'],
      ['users: create, a key', () => manager().post('/api/v1/users', { ...member(), [`x${NUL}`]: 1 }), `x${NUL}`],
      ['users: edit', () => manager().patch(`/api/v1/users/${d.memberA.id}`, { lastName: `M${NUL}` }), 'lastName'],
      ['users: set a password', () => manager().put(`/api/v1/users/${d.memberA.id}/password`, { password: `${PASSWORD}${NUL}` }), 'password'],
      ['users: the q= filter', () => manager().get(`/api/v1/users?q=mar%00tin`), 'q'],
      ['me: display name', () => manager().patch('/api/v1/me', { displayName: `M${NUL}` }), 'displayName'],
      ['me: password', () => manager().put('/api/v1/me/password', { currentPassword: `x${NUL}`, newPassword: PASSWORD }), 'currentPassword'],
      ['schools', () => manager().post('/api/v1/schools', { uai: '0750099A', name: `Collège ${NUL}` }), 'name'],
      ['classes', () => manager().post(`/api/v1/schools/${d.schoolA.id}/classes`, { name: `6${NUL}B` }), 'name'],
      ['campaigns: the filter', () => manager().post('/api/v1/campaigns', { filter: { q: `a${NUL}` }, channel: 'pdf' }), 'filter.q'],
    ])('%s', async (_name, send, field) => {
      expectRefused(await send(), field);
    });

    it('an import’s file name, raw or percent-encoded', async () => {
      const csv = 'userName,firstName,lastName,profile,school\r\nlea.x,Léa,X,student,0750001U\r\n';
      // Raw, the part header is not well-formed multipart.
      expectRefused(await upload(stack.api, d.tokens.manager, Buffer.from(csv), { fileName: `comptes${NUL}.csv` }), 'file', 'form.malformed');
      const boundary = 'sesame-nul-test';
      const body = [`--${boundary}`, `Content-Disposition: form-data; name="file"; filename*=utf-8''comptes%00.csv`, 'Content-Type: text/csv', '', csv, `--${boundary}--`, ''].join('\r\n');
      const encoded = await manager().request('POST', '/api/v1/imports', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      expectRefused(encoded, 'file');
    });

    it('an import’s form fields', async () => {
      const csv = Buffer.from('userName,firstName,lastName,profile,school\nlea.x,Léa,X,student,0750001U\n');
      const answer = await upload(stack.api, d.tokens.manager, csv, { fields: { schoolId: `${d.schoolA.id}${NUL}` } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'schoolId' })]);
    });

    it('an import’s cells: the file is not text, refused at once with its line', async () => {
      const csv = Buffer.from(`userName,firstName,lastName,profile,school\nlea.x,L${NUL}a,X,student,0750001U\n`);
      const answer = await upload(stack.api, d.tokens.manager, csv);
      expectRefused(answer, 'file', 'file.binary');
      expect(answer.body.errors[0].message).toContain('ligne 2 ');
    });

    it('a message written straight to identity’s queue: refused, not a crash', async () => {
      const client = new RpcClient({ url: stack.env.identity.AMQP_URL, namespace: stack.env.identity.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: 5_000 });
      try {
        const refusal = await client.call(IdentityRpc.login, { username: `manager${NUL}`, password: 'x', clientAddress: '127.0.0.1' }).then(
          () => 'accepted',
          (error: unknown) => (error instanceof ServiceFailure ? { code: error.code, issues: error.details.issues } : String(error)),
        );
        expect(refusal).toEqual({ code: 'validation_failed', issues: [{ field: 'username', code: 'text.nul_character' }] });
      } finally {
        await client.close();
      }
    });
  });

  it('an enrolment event: dead-lettered with the reason, not retried until it is dropped', async () => {
    const body = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      source: 'siecle',
      version: 1,
      type: 'student.enrolled',
      student: { externalId: `E-${randomUUID()}`, firstName: `Lu${NUL}cas`, lastName: 'Bernard' },
      school: { uai: '0750001U' },
      className: '6A',
      relatives: [],
    };
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, [{ routingKey: enrolmentRoutingKey(body as never), body }]);
    const connection = await connect(stack.isolation.services.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const dlq = namespaced(stack.isolation.namespace, deadLetterQueueOf(QUEUES.identityEnrolment));
      const reason = await eventually(async () => {
        const message = await channel.get(dlq, { noAck: true });
        return message ? String(message.properties.headers?.[DEAD_LETTER_REASON_HEADER]) : undefined;
      }, 15_000, 'the dead letter');
      expect(reason).toBe('invalid message: NUL character in student.firstName');
    } finally {
      await connection.close();
    }
  });

  describe('control characters in names', () => {
    const create = (over: object) =>
      manager().post('/api/v1/users', { role: 'member', profile: 'student', firstName: 'Léa', lastName: 'Martin', schoolIds: [d.schoolA.id], ...over });

    it.each([
      ['a tab in a first name', () => create({ firstName: 'Léa\tMarie' }), 'firstName'],
      ['a line break in a last name', () => create({ lastName: 'Martin\nBcc: x@y.org' }), 'lastName'],
      ['a C1 control in a display name', () => create({ displayName: 'L\u0085a' }), 'displayName'],
      ['a line separator on an edit', () => manager().patch(`/api/v1/users/${d.memberA.id}`, { lastName: 'Mar\u2028tin' }), 'lastName'],
      ['a tab in one’s own display name', () => manager().patch('/api/v1/me', { displayName: 'Le\tgestionnaire' }), 'displayName'],
      ['a line break in a school name', () => manager().post('/api/v1/schools', { uai: '0750098Z', name: 'Collège\nVictor-Hugo' }), 'name'],
      ['a bell in a class name', () => manager().post(`/api/v1/schools/${d.schoolA.id}/classes`, { name: '6\u0007B' }), 'name'],
    ])('%s', async (_name, send, field) => {
      const answer = await send();
      expectRefused(answer, field, 'name.control_character');
      expect(answer.body.errors[0].message).toBe(
        'Un nom tient sur une ligne : il ne peut contenir ni tabulation, ni retour à la ligne, ni autre caractère de contrôle.',
      );
    });

    it('still accepts names with accents, apostrophes and joiners', async () => {
      const answer = await create({ username: uniqueName('nom'), firstName: 'Zoë', lastName: 'N’Diaye de la Tour', displayName: 'علي\u200c' });
      expect(answer.status).toBe(201);
    });
  });
});
