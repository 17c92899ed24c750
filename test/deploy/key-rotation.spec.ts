import { randomUUID } from 'node:crypto';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenSigner, generateSigningKeys } from '@sesame/auth';
import { AuthGuard, GatewayConfig } from '@sesame/gateway/testing';
import { AccountsRepository, ActorService, IdentityConfig } from '@sesame/identity/testing';

// The rotation of docs/operations.md ("Rotate the signing key"), played with the classes identity
// and the gateway use: at every step, while pods of the step before and of the step after run side
// by side, every token any identity pod signs is accepted by every gateway and identity pod.

interface SigningKeys {
  JWT_PRIVATE_KEY: string;
  JWT_PUBLIC_KEY: string;
  JWT_PREVIOUS_PUBLIC_KEYS?: string;
}

const old = generateSigningKeys();
const next = generateSigningKeys();
const manager = { id: randomUUID(), username: 'manager', role: 'manager' as const, managed_by: null, session_version: 0, deactivated_at: null };

/** The Secret sesame-signing-keys at each step. */
const STEPS: Record<string, SigningKeys> = {
  before: { JWT_PRIVATE_KEY: old.privateKey, JWT_PUBLIC_KEY: old.publicKey },
  '1 (everyone accepts the new key)': { JWT_PRIVATE_KEY: old.privateKey, JWT_PUBLIC_KEY: old.publicKey + next.publicKey, JWT_PREVIOUS_PUBLIC_KEYS: next.publicKey },
  '2 (identity signs with the new key)': { JWT_PRIVATE_KEY: next.privateKey, JWT_PUBLIC_KEY: next.publicKey + old.publicKey, JWT_PREVIOUS_PUBLIC_KEYS: old.publicKey },
  '3 (the old key forgotten)': { JWT_PRIVATE_KEY: next.privateKey, JWT_PUBLIC_KEY: next.publicKey },
};

/** identity's signer, as AuthModule builds it. */
const signerOf = (keys: SigningKeys) => new TokenSigner(keys.JWT_PRIVATE_KEY, 3600);

/** Whether a gateway pod with these keys lets the token through (its AuthGuard). */
async function gatewayAccepts(keys: SigningKeys, token: string): Promise<boolean> {
  const guard = new AuthGuard({ getAllAndOverride: () => undefined } as unknown as Reflector, { JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, PUBLIC_URL: 'https://sesame.example.org' } as GatewayConfig);
  const request = { path: '/api/v1/me', headers: { authorization: `Bearer ${token}` } };
  const context = { getType: () => 'http', getHandler: () => undefined, getClass: () => undefined, switchToHttp: () => ({ getRequest: () => request }) };
  return guard.canActivate(context as unknown as ExecutionContext).catch(() => false);
}

/** Whether an identity pod with these keys accepts the token forwarded with a call (its ActorService). */
async function identityAccepts(keys: SigningKeys, token: string): Promise<boolean> {
  // The account the token names, as identity's repository would find it (the manager: no schools).
  const accounts = { signInState: async () => manager, schoolsOf: async () => [] } as unknown as AccountsRepository;
  const config = { JWT_PREVIOUS_PUBLIC_KEYS: keys.JWT_PREVIOUS_PUBLIC_KEYS, ACCESS_TOKEN_TTL: 3600, OIDC_ACCESS_TOKEN_TTL: 600, PUBLIC_URL: 'https://sesame.example.org' } as IdentityConfig;
  const actors = new ActorService(accounts, config, signerOf(keys));
  return actors.resolve(token).then(
    (actor) => actor.id === manager.id,
    () => false,
  );
}

async function tokenFrom(keys: SigningKeys): Promise<string> {
  return (await signerOf(keys).sign({ sub: manager.id, username: manager.username, role: manager.role, sv: 0 })).token;
}

/** Every token signed by pods of `from` or `to` is accepted by every gateway and identity pod of both. */
async function refusals(from: SigningKeys, to: SigningKeys, tokensStillValid: string[] = []): Promise<string[]> {
  const tokens = [...tokensStillValid, await tokenFrom(from), await tokenFrom(to)];
  const refused: string[] = [];
  for (const [i, token] of tokens.entries()) {
    for (const [name, keys] of [['before', from], ['after', to]] as const) {
      if (!(await gatewayAccepts(keys, token))) refused.push(`gateway ${name} refuses token ${i}`);
      if (!(await identityAccepts(keys, token))) refused.push(`identity ${name} refuses token ${i}`);
    }
  }
  return refused;
}

describe('rotating the signing key in three steps', () => {
  const names = Object.keys(STEPS);

  it.each(names.slice(1).map((name, i) => [names[i], name]))('from step "%s" to step "%s", no token is refused', async (from, to) => {
    // Before step 3, tokens signed with the old key long ago may still be in use.
    const earlier = to.startsWith('3') ? [] : [await tokenFrom(STEPS.before)];
    expect(await refusals(STEPS[from], STEPS[to], earlier)).toEqual([]);
  });

  it('after step 3, a token signed with the old key is refused everywhere', async () => {
    const stale = await tokenFrom(STEPS.before);
    const done = STEPS['3 (the old key forgotten)'];
    expect(await gatewayAccepts(done, stale)).toBe(false);
    expect(await identityAccepts(done, stale)).toBe(false);
  });

  it('skipping step 1 would refuse tokens while the pods roll', async () => {
    expect(await refusals(STEPS.before, STEPS['2 (identity signs with the new key)'])).not.toEqual([]);
  });
});
