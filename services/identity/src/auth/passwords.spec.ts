import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceFailure } from '@sesame/contracts';
import type { IdentityConfig } from '../config/identity.config';
import { Passwords } from './passwords';

/** What identity does when the configured breached-password service does not answer in time. */
describe('Passwords.assertAcceptable with an unavailable range service', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Answers after the timeout: as good as down.
    server = createServer((_request, response) => setTimeout(() => response.end(''), 1_000));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/range/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const passwords = (unavailable: 'accept' | 'refuse') =>
    new Passwords({ ARGON2_MEMORY_KIB: 1024, ARGON2_ITERATIONS: 1, PWNED_PASSWORDS_URL: url, PWNED_PASSWORDS_TIMEOUT_MS: 200, PWNED_PASSWORDS_UNAVAILABLE: unavailable } as IdentityConfig);

  it('accepts by default (fail-open): the shipped list was applied', async () => {
    await expect(passwords('accept').assertAcceptable('la mer est calme ce matin', 'jdupont')).resolves.toBeUndefined();
  });

  it('refuses with service_unavailable when the operator chose fail-closed', async () => {
    const refusal = await passwords('refuse').assertAcceptable('la mer est calme ce matin', 'jdupont').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceFailure);
    expect((refusal as ServiceFailure).code).toBe('service_unavailable');
  });

  it('still applies the policy first, without asking the service', async () => {
    const refusal = await passwords('refuse').assertAcceptable('azertyuiop123456', 'jdupont').catch((error: unknown) => error);
    expect((refusal as ServiceFailure).details.issues?.[0].code).toBe('password.predictable');
  });
});
