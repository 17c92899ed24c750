import { generateSigningKeys, TokenSigner } from '@sesame/auth';
import { IdentityRpc, QUEUES, ServiceFailure } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * Messages written straight to identity's queue, bypassing the gateway: identity checks the token
 * and the rules itself (SPEC §2, "a forged internal message must not bypass them").
 */
describe('messages sent straight to identity', () => {
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

  it('without a token: unauthenticated', async () => {
    expect(await refusal(client.call(IdentityRpc.deactivateUser, { id: d.memberB.id }))).toBe('unauthenticated');
  });

  it('with an administrator’s real token, acting outside its schools: forbidden, nothing changed', async () => {
    const input = { id: d.memberB.id, patch: { firstName: 'Pirate' } };
    expect(await refusal(client.call(IdentityRpc.updateUser, input, { token: d.tokens.administrator }))).toBe('forbidden');
    expect(await refusal(client.call(IdentityRpc.deactivateUser, { id: d.memberB.id }, { token: d.tokens.administrator }))).toBe('forbidden');
    const member = await stack.identityDb.selectFrom('accounts').select(['first_name', 'deactivated_at']).where('id', '=', d.memberB.id).executeTakeFirstOrThrow();
    expect(member).toEqual({ first_name: 'Léa', deactivated_at: null });
  });

  it('with a supervisor’s token claiming to create an administrator: forbidden', async () => {
    const input = { role: 'administrator' as const, username: 'intrus', email: 'i@x.fr', schoolIds: [d.schoolA.id] };
    expect(await refusal(client.call(IdentityRpc.createUser, input, { token: d.tokens.supervisor }))).toBe('forbidden');
  });

  it('with a token signed by another key that claims the manager role: unauthenticated', async () => {
    const forger = new TokenSigner(generateSigningKeys().privateKey, 600);
    const me = await stack.api.as(d.tokens.manager).get('/api/v1/me');
    const { token } = await forger.sign({ sub: me.body.id, username: 'manager', role: 'manager', sv: 0 });
    expect(await refusal(client.call(IdentityRpc.reactivateUser, { id: d.memberB.id }, { token }))).toBe('unauthenticated');
  });

  it('with a payload that breaks the contract: validation_failed', async () => {
    const bogus = IdentityRpc.setPassword as unknown as typeof IdentityRpc.getMe;
    expect(await refusal(client.call(bogus, {}, { token: d.tokens.manager }))).toBe('validation_failed');
  });
});
