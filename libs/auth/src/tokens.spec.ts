import { createPrivateKey, createPublicKey } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint } from 'jose';
import { InvalidToken, MAX_ACCESS_TOKEN_TTL_SECONDS, TokenSigner, TokenVerifier, generateSigningKeys } from './tokens';

const keys = generateSigningKeys();
const SUB = '2b1e4a3c-8d6f-4e1a-9c7b-5d3e2f1a0b9c';
const now = () => Math.floor(Date.now() / 1000);

/** A token signed by the real key, with the times given (undefined: the claim is left out). */
async function tokenWith(times: { iat?: number; exp?: number }): Promise<string> {
  const kid = await calculateJwkThumbprint(createPublicKey(keys.publicKey).export({ format: 'jwk' }) as Parameters<typeof calculateJwkThumbprint>[0]);
  const jwt = new SignJWT({ username: 'manager', role: 'manager', sv: 0 })
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject(SUB)
    .setIssuer('sesame')
    .setAudience('sesame-api');
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(createPrivateKey(keys.privateKey));
}

const refusal = (verifier: TokenVerifier, token: string) =>
  verifier.verify(token).then(
    () => 'accepted',
    (error: unknown) => (error instanceof InvalidToken ? 'refused' : String(error)),
  );

describe('TokenVerifier: exp and iat are required and bounded', () => {
  const verifier = new TokenVerifier(keys.publicKey, 3600 + 60);

  it('accepts what TokenSigner signs, and a token within the bound', async () => {
    const { token } = await new TokenSigner(keys.privateKey, 3600).sign({ sub: SUB, username: 'manager', role: 'manager', sv: 0 });
    expect(await refusal(verifier, token)).toBe('accepted');
    expect(await refusal(verifier, await tokenWith({ iat: now(), exp: now() + 3600 }))).toBe('accepted');
  });

  it('refuses a token without exp, without iat, or living longer than the bound', async () => {
    expect(await refusal(verifier, await tokenWith({ iat: now() }))).toBe('refused');
    expect(await refusal(verifier, await tokenWith({ exp: now() + 600 }))).toBe('refused');
    expect(await refusal(verifier, await tokenWith({ iat: now(), exp: now() + 10 * 365 * 86_400 }))).toBe('refused');
    expect(await refusal(verifier, await tokenWith({ iat: now(), exp: now() + 3600 + 120 }))).toBe('refused');
  });

  it('refuses a token issued in the future beyond the clocks’ leeway, and an expired one', async () => {
    expect(await refusal(verifier, await tokenWith({ iat: now() + 3600, exp: now() + 3600 + 600 }))).toBe('refused');
    expect(await refusal(verifier, await tokenWith({ iat: now() + 30, exp: now() + 600 }))).toBe('accepted');
    expect(await refusal(verifier, await tokenWith({ iat: now() - 7200, exp: now() - 3600 }))).toBe('refused');
  });

  it('by default (the gateway), bounds the lifetime by the longest ACCESS_TOKEN_TTL allowed', async () => {
    const gateway = new TokenVerifier(keys.publicKey);
    expect(await refusal(gateway, await tokenWith({ iat: now(), exp: now() + MAX_ACCESS_TOKEN_TTL_SECONDS }))).toBe('accepted');
    expect(await refusal(gateway, await tokenWith({ iat: now(), exp: now() + 10 * 365 * 86_400 }))).toBe('refused');
    expect(await refusal(gateway, await tokenWith({ iat: now() }))).toBe('refused');
  });
});

describe('TokenVerifier: a token verified once is answered from memory until it expires', () => {
  it('gives the same claims again, refuses it once expired, and never answers a token whose signature differs', async () => {
    const verifier = new TokenVerifier(keys.publicKey, 3600 + 60);
    // Expires in 1 s; the leeway of the clocks (60 s) still applies, as it does to a fresh check.
    const token = await tokenWith({ iat: now() - 120, exp: now() + 1 });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toEqual(first);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(await refusal(verifier, forged)).toBe('refused');

    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      jest.setSystemTime(Date.now() + 62_000);
      expect(await refusal(verifier, token)).toBe('refused');
    } finally {
      jest.useRealTimers();
    }
  });
});
