import { createPrivateKey, createPublicKey } from 'node:crypto';
import { IdentityRpc, QUEUES, ServiceFailure } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { SignJWT, calculateJwkThumbprint } from 'jose';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * Issue 12: a token without `exp`, or valid for years, or issued in the future, is refused by the
 * gateway and by identity, even signed by the real key (a signing bug, a key used elsewhere).
 */
describe('access token lifetime', () => {
  let stack: Stack;
  let d: Directory;
  let client: RpcClient;
  let manager: { id: string; sv: number };
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    stack = await startStack({ identity: { ACCESS_TOKEN_TTL: '3600' } });
    d = await seedDirectory(stack.api);
    client = new RpcClient({ url: stack.env.identity.AMQP_URL, namespace: stack.env.identity.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: 5_000 });
    const me = (await stack.api.as(d.tokens.manager).get('/api/v1/me')).body;
    const row = await stack.identityDb.selectFrom('accounts').select('session_version').where('id', '=', me.id).executeTakeFirstOrThrow();
    manager = { id: me.id, sv: row.session_version };
  });
  afterAll(async () => {
    await client.close();
    await stack.close();
  });

  /** The manager's token, signed by identity's own key, with the times given (undefined: left out). */
  async function token(times: { iat?: number; exp?: number }): Promise<string> {
    const privateKey = createPrivateKey(stack.env.identity.JWT_PRIVATE_KEY);
    const kid = await calculateJwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' }) as Parameters<typeof calculateJwkThumbprint>[0]);
    const jwt = new SignJWT({ username: 'manager', role: 'manager', sv: manager.sv })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(manager.id)
      .setIssuer('sesame')
      .setAudience('sesame-api');
    if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
    if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
    return jwt.sign(privateKey);
  }
  const atIdentity = (t: string) =>
    client.call(IdentityRpc.getMe, {}, { token: t }).then(
      () => 'accepted',
      (error: unknown) => (error instanceof ServiceFailure ? error.code : String(error)),
    );

  it('accepts a token made like identity makes them (the control)', async () => {
    const good = await token({ iat: now(), exp: now() + 3600 });
    expect((await stack.api.as(good).get('/api/v1/me')).status).toBe(200);
    expect(await atIdentity(good)).toBe('accepted');
  });

  it.each([
    ['without exp', () => ({ iat: now() })],
    ['valid for ten years', () => ({ iat: now(), exp: now() + 10 * 365 * 86_400 })],
    ['issued an hour in the future', () => ({ iat: now() + 3600, exp: now() + 3600 + 600 })],
    ['without iat', () => ({ exp: now() + 600 })],
  ])('refuses a token %s: 401 at the gateway, unauthenticated at identity', async (_, times) => {
    const bad = await token(times());
    const answer = await stack.api.as(bad).get('/api/v1/me');
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('unauthenticated');
    expect(await atIdentity(bad)).toBe('unauthenticated');
  });

  it('the gateway refuses it itself, before any service is asked (campaigns: mailmerge is not running here)', async () => {
    const started = Date.now();
    const answer = await stack.api.as(await token({ iat: now() })).get('/api/v1/campaigns');
    expect(answer.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('identity refuses a token living longer than its ACCESS_TOKEN_TTL (one hour here), even one the gateway lets through', async () => {
    expect(await atIdentity(await token({ iat: now(), exp: now() + 3 * 3600 }))).toBe('unauthenticated');
    expect((await stack.api.as(await token({ iat: now(), exp: now() + 3 * 3600 })).get('/api/v1/me')).status).toBe(401);
  });
});
