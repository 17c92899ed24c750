import { createPrivateKey, createPublicKey } from 'node:crypto';
import { keyIdOf, splitPem } from '@sesame/auth';

export type PrivateJwk = Record<string, unknown> & { kid: string; alg: string; use: 'sig' };

/**
 * The provider's signing keys as private JWKs: the RSA keys of OIDC_SIGNING_KEYS (RS256, the
 * algorithm every relying party supports: ID and logout tokens; the first signs, the others are
 * published during a rotation), then identity's Ed25519 access-token key (EdDSA: the API's access
 * tokens, which the gateway verifies like identity's own). Key ids are JWK thumbprints (RFC 7638),
 * as for identity's tokens.
 */
export async function signingJwks(rsaBundle: string, accessTokenKeyPem: string): Promise<PrivateJwk[]> {
  const rsa = splitPem(rsaBundle);
  if (rsa.length === 0) throw new Error('OIDC_SIGNING_KEYS holds no PEM block');
  const keys = await Promise.all(
    rsa.map(async (pem) => {
      const key = createPrivateKey(pem);
      if (key.asymmetricKeyType !== 'rsa') throw new Error('OIDC_SIGNING_KEYS must hold RSA private keys');
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error('OIDC_SIGNING_KEYS: RSA keys must have 2048 bits or more');
      return { ...(key.export({ format: 'jwk' }) as Record<string, unknown>), kid: await keyIdOf(createPublicKey(key)), alg: 'RS256', use: 'sig' as const };
    }),
  );
  const ed = createPrivateKey(accessTokenKeyPem);
  keys.push({ ...(ed.export({ format: 'jwk' }) as Record<string, unknown>), kid: await keyIdOf(createPublicKey(ed)), alg: 'EdDSA', use: 'sig' as const });
  return keys;
}
