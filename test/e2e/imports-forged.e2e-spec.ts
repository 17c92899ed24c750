import { randomUUID } from 'node:crypto';
import { IdentityImportRpc, QUEUES, ServiceFailure, StagedAccount } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

const HASH = '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';
const member = (line: number, over: Partial<StagedAccount> = {}): StagedAccount => ({
  line,
  username: `forge.${line}`,
  firstName: 'Léa',
  lastName: 'Martin',
  displayName: null,
  email: null,
  role: 'member',
  profile: 'student',
  passwordHash: null,
  school: '0750001U',
  classes: [],
  externalId: null,
  ...over,
});

/**
 * Import commands written straight to identity's queue, bypassing the gateway and the importer:
 * identity checks each row against the token's own rights (SPEC §2) before staging or committing.
 */
describe('import commands sent straight to identity', () => {
  let stack: Stack;
  let d: Directory;
  let client: RpcClient;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
    client = new RpcClient({ url: stack.env.identity.AMQP_URL, namespace: stack.env.identity.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: 5_000 });
  });
  afterAll(async () => {
    await client.close();
    await stack.close();
  });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof ServiceFailure ? error.code : String(error)),
    );
  const stage = (token: string | undefined, rows: StagedAccount[], administratorId: string | null = null, importId = randomUUID()) =>
    refusal(client.call(IdentityImportRpc.stage, { importId, administratorId, rows }, { token }));

  it('refuses without a token, and to supervisors', async () => {
    expect(await stage(undefined, [member(2)])).toBe('unauthenticated');
    expect(await stage(d.tokens.supervisor, [member(2)])).toBe('forbidden');
    expect(await refusal(client.call(IdentityImportRpc.check, { usernames: ['manager'] }, { token: d.tokens.member }))).toBe('forbidden');
  });

  it('refuses an administrator’s administrators, members of another school and supervisors for someone else', async () => {
    const admin = d.tokens.administrator;
    const administratorRow = member(2, { role: 'administrator', profile: null, email: 'a@ac-test.fr', passwordHash: HASH });
    expect(await stage(admin, [administratorRow])).toBe('forbidden');
    expect(await stage(admin, [member(2, { school: '0750002V' })])).toBe('forbidden');
    const supervisor = member(2, { role: 'supervisor', profile: null, school: null, email: 's@ac-test.fr', passwordHash: HASH });
    expect(await stage(admin, [supervisor], d.adminB.id)).toBe('forbidden');
    expect(await stage(d.tokens.manager, [supervisor])).toBe('validation_failed');
    expect(await stage(d.tokens.manager, [supervisor], d.supervisorA.id)).toBe('validation_failed');
    expect(await stage(admin, [member(2, { username: '#x' })])).toBe('validation_failed');
  });

  it('refuses a plaintext password where a hash belongs', async () => {
    expect(await stage(d.tokens.manager, [member(2, { passwordHash: 'un mot de passe en clair' })])).toBe('validation_failed');
  });

  it('stages idempotently, commits once, and refuses another person’s import', async () => {
    const importId = randomUUID();
    const rows = [member(2), member(3, { classes: ['Nouvelle'] })];
    expect(await stage(d.tokens.administrator, rows, null, importId)).toBe('accepted');
    expect(await stage(d.tokens.administrator, rows, null, importId)).toBe('accepted');
    expect(await stage(d.tokens.adminB, [member(4, { school: '0750002V' })], null, importId)).toBe('forbidden');
    expect(await refusal(client.call(IdentityImportRpc.commit, { importId, rows: 2 }, { token: d.tokens.adminB }))).toBe('forbidden');
    expect(await refusal(client.call(IdentityImportRpc.commit, { importId, rows: 3 }, { token: d.tokens.administrator }))).toBe('conflict');

    const first = await client.call(IdentityImportRpc.commit, { importId, rows: 2 }, { token: d.tokens.administrator });
    const again = await client.call(IdentityImportRpc.commit, { importId, rows: 2 }, { token: d.tokens.administrator });
    expect(first).toMatchObject({ committed: true, created: 2, newClasses: [{ school: '0750001U', name: 'Nouvelle' }] });
    expect(again).toEqual(first);
    expect(await client.call(IdentityImportRpc.stage, { importId, administratorId: null, rows }, { token: d.tokens.administrator })).toEqual({ staged: 0, committed: true });
    const created = await stack.identityDb.selectFrom('accounts').select('username').where('username', 'in', ['forge.2', 'forge.3']).execute();
    expect(created).toHaveLength(2);
  });
});
