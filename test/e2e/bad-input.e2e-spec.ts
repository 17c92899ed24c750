import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/** Bad input gets a clear problem+json and writes nothing (SPEC §9). */
describe('bad input', () => {
  let stack: Stack;
  let d: Directory;
  let accountsBefore: number;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
    accountsBefore = await countAccounts();
  });
  afterAll(async () => {
    // None of the requests below created anything.
    expect(await countAccounts()).toBe(accountsBefore);
    await stack.close();
  });

  async function countAccounts(): Promise<number> {
    const row = await stack.identityDb.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return row.n;
  }

  const asManager = () => stack.api.as(d.tokens.manager);
  const expectProblem = (answer: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toEqual(expect.objectContaining({ status, code, title: expect.stringMatching(/\.$/) }));
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  };

  it('malformed JSON → 400', async () => {
    const answer = await asManager().request('POST', '/api/v1/users', '{"role": "member",', { 'content-type': 'application/json' });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors[0].code).toBe('body.malformed');
  });

  it('missing fields → 400 naming each field', async () => {
    const answer = await asManager().post('/api/v1/users', {});
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'role', code: 'invalid_value' })]);
  });

  it('wrong types → 400 naming each field', async () => {
    const answer = await asManager().post('/api/v1/users', { role: 'member', firstName: 42, schoolIds: 'not-a-list' });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['firstName', 'schoolIds']);
  });

  it('unknown fields → 400', async () => {
    const answer = await asManager().post('/api/v1/users', { role: 'member', isAdmin: true });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors[0].code).toBe('unrecognized_keys');
  });

  it('a huge body → 413', async () => {
    const answer = await asManager().post('/api/v1/users', { role: 'member', firstName: 'x'.repeat(2_000_000) });
    expectProblem(answer, 413, 'payload_too_large');
  });

  it('a body that is not JSON → 415', async () => {
    const answer = await asManager().request('POST', '/api/v1/users', 'role=member', { 'content-type': 'application/x-www-form-urlencoded' });
    expectProblem(answer, 415, 'unsupported_media_type');
  });

  it('a bad query string → 400', async () => {
    expectProblem(await asManager().get('/api/v1/users?profile=wizard'), 400, 'validation_failed');
    expectProblem(await asManager().get('/api/v1/users?pageSize=100000'), 400, 'validation_failed');
    expectProblem(await asManager().get('/api/v1/users?unknown=1'), 400, 'validation_failed');
  });

  it('an id that is not a UUID → 404, an unknown one → 404', async () => {
    expectProblem(await asManager().get('/api/v1/users/not-a-uuid'), 404, 'not_found');
    expectProblem(await asManager().get('/api/v1/users/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('an unknown route → 404 problem', async () => {
    expectProblem(await asManager().get('/api/v1/nothing-here'), 404, 'not_found');
  });

  it('no token, a garbage token, a token signed by another key → 401', async () => {
    expectProblem(await stack.api.get('/api/v1/me'), 401, 'unauthenticated');
    expectProblem(await stack.api.as('garbage').get('/api/v1/me'), 401, 'unauthenticated');
    const [header, , signature] = d.tokens.manager.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: d.memberA.id, role: 'manager', username: 'x', sv: 0 })).toString('base64url');
    expectProblem(await stack.api.as(`${header}.${forgedClaims}.${signature}`).get('/api/v1/me'), 401, 'unauthenticated');
  });

  it('a class of another school on a member → 400', async () => {
    const answer = await asManager().post('/api/v1/users', {
      role: 'member',
      profile: 'student',
      firstName: 'Léo',
      lastName: 'Petit',
      schoolIds: [d.schoolB.id],
      classIds: [d.classA.id],
    });
    expectProblem(answer, 400, 'validation_failed');
    expect(answer.body.errors[0].code).toBe('class.not_in_school');
  });
});
