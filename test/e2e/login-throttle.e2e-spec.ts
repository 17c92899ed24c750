import { IdentityEvents, IdentityRpc, QUEUES, ServiceFailure } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { eventually } from '@sesame/testing';
import { startIdentity, loadIdentityConfig } from '@sesame/identity/testing';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { EventTap } from '../support/events';
import { Stack, startStack } from '../support/stack';

/**
 * Login, activation and reset requests are throttled inside identity (issue 12 §1): through the
 * gateway as before, and just as much for a message written straight to identity's queue.
 */
describe('login throttling', () => {
  let stack: Stack;
  let d: Directory;
  let rpc: RpcClient;
  let tap: EventTap;

  beforeAll(async () => {
    stack = await startStack({
      identity: { LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6', LOGIN_MAX_FAILURES_PER_USER: '5' },
    });
    d = await seedDirectory(stack.api);
    rpc = new RpcClient({ url: stack.env.identity.AMQP_URL, namespace: stack.env.identity.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: 5_000 });
    tap = await EventTap.listen(stack.isolation.services.amqpUrl, stack.isolation.namespace, IdentityEvents.userPasswordResetRequested.type);
  });
  afterAll(async () => {
    await tap?.close();
    await rpc?.close();
    await stack?.close();
  });

  const attempt = (username: string, password: string, address: string, language = 'fr') =>
    stack.api.inLanguage(language).request('POST', '/api/v1/auth/login', { username, password }, { 'x-forwarded-for': address });
  /** What identity answers a message on its queue, as the gateway would send it (or an intruder). */
  const direct = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof ServiceFailure ? [error.code, error.details.params?.retryAfter].filter(Boolean).join(' ') : String(error)),
    );
  const login = (username: string, password: string, clientAddress: string) => direct(rpc.call(IdentityRpc.login, { username, password, clientAddress }));

  describe('through the gateway', () => {
    it('pauses a username after repeated failures from one address for LOGIN_BLOCK_SECONDS, said in human French and English', async () => {
      const victim = await d.student(d.schoolA, { username: uniqueName('victim'), password: PASSWORD });
      for (let i = 0; i < 3; i++) expect((await attempt(victim.username, 'wrong password!!', '10.0.0.1')).status).toBe(401);
      const blocked = await attempt(victim.username, PASSWORD, '10.0.0.1');
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('content-type')).toContain('application/problem+json');
      expect(blocked.body).toMatchObject({ code: 'rate_limited', title: 'Trop de tentatives : réessayez dans 15 minutes.' });
      // The block LOGIN_BLOCK_SECONDS says (900 s), not the hour over which failures are counted.
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(899);
      expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
      expect((await attempt(victim.username, PASSWORD, '10.0.0.1', 'en')).body.title).toBe('Too many attempts: try again in 15 minutes.');
      // The same user from another address is not blocked by that pair.
      expect((await attempt(victim.username, PASSWORD, '10.0.0.2')).status).toBe(200);
    });

    it('pauses an address that tries many usernames', async () => {
      const address = '10.0.1.1';
      for (let i = 0; i < 6; i++) await attempt(uniqueName('nobody'), 'wrong password!!', address);
      expect((await attempt(d.memberA.username, PASSWORD, address)).status).toBe(429);
    });

    it('does not lock a victim out of an address it already signed in from', async () => {
      const victim = await d.student(d.schoolA, { username: uniqueName('target'), password: PASSWORD });
      expect((await attempt(victim.username, PASSWORD, '10.0.2.1')).status).toBe(200);
      // An attacker spreads failures over many addresses until the per-username limit is reached.
      for (let i = 0; i < 5; i++) await attempt(victim.username, 'wrong password!!', `10.0.3.${i}`);
      expect((await attempt(victim.username, PASSWORD, '10.0.4.1')).status).toBe(429);
      expect((await attempt(victim.username, PASSWORD, '10.0.2.1')).status).toBe(200);
    });
  });

  describe('straight to identity’s queue', () => {
    it('refuses a login after the limit, and counts it with the gateway’s: one throttle', async () => {
      const victim = await d.student(d.schoolA, { username: uniqueName('direct'), password: PASSWORD });
      for (let i = 0; i < 3; i++) expect(await login(victim.username, 'wrong password!!', '10.6.0.1')).toBe('invalid_credentials');
      expect(await login(victim.username, PASSWORD, '10.6.0.1')).toMatch(/^rate_limited (899|900)$/);
      expect((await attempt(victim.username, PASSWORD, '10.6.0.1')).status).toBe(429);
    });

    it('refuses a login that does not say where it comes from', async () => {
      const noAddress = { username: d.memberA.username, password: PASSWORD } as { username: string; password: string; clientAddress: string };
      expect(await direct(rpc.call(IdentityRpc.login, noAddress))).toBe('validation_failed');
    });

    it('pauses a username guessed from ever new addresses, but not from an address it signed in from', async () => {
      const victim = await d.student(d.schoolA, { username: uniqueName('spread'), password: PASSWORD });
      expect(await login(victim.username, PASSWORD, '10.7.0.1')).toBe('accepted');
      for (let i = 0; i < 5; i++) await login(victim.username, 'wrong password!!', `10.7.1.${i}`);
      expect(await login(victim.username, PASSWORD, '10.7.2.1')).toMatch(/^rate_limited/);
      expect(await login(victim.username, PASSWORD, '10.7.0.1')).toBe('accepted');
    });

    it('refuses activation attempts after the limit', async () => {
      const student = await d.student(d.schoolA, { username: uniqueName('code') });
      const activate = (activationCode: string) =>
        direct(rpc.call(IdentityRpc.activate, { username: student.username, activationCode, password: 'ma phrase de passe à moi', clientAddress: '10.8.0.1' }));
      for (let i = 0; i < 3; i++) expect(await activate('wrongcod')).toBe('invalid_activation');
      expect(await activate(student.activationCode)).toMatch(/^rate_limited (899|900)$/);
    });

    it('drops reset requests past five an hour for one login', async () => {
      const member = await d.student(d.schoolA, { email: `${uniqueName('flood')}@example.org`, username: uniqueName('flood'), password: PASSWORD });
      for (let i = 0; i < 7; i++) await rpc.emit(IdentityRpc.forgotPassword, { username: member.username, locale: 'fr', clientAddress: `10.9.0.${i}` });
      const sent = () => tap.of(IdentityEvents.userPasswordResetRequested.type).filter((e) => (e.data as { userId: string }).userId === member.id);
      await eventually(async () => (sent().length >= 5 ? true : undefined), 10_000, 'five reset links');
      // Time for the other two to arrive, had they not been dropped.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(sent()).toHaveLength(5);
    });
  });

  it('ends the block when LOGIN_BLOCK_SECONDS says, and says so in seconds when it is that short', async () => {
    await stack.identity.close();
    stack.identity = await startIdentity(loadIdentityConfig({ ...stack.env.identity, LOGIN_BLOCK_SECONDS: '2' }));
    const victim = await d.student(d.schoolA, { username: uniqueName('short'), password: PASSWORD });
    for (let i = 0; i < 3; i++) await attempt(victim.username, 'wrong password!!', '10.10.0.1');
    const blocked = await attempt(victim.username, PASSWORD, '10.10.0.1');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('2');
    expect(blocked.body.title).toBe('Trop de tentatives : réessayez dans 2 secondes.');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await attempt(victim.username, PASSWORD, '10.10.0.1')).status).toBe(200);
  });
});
