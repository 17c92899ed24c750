import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { RoleSchema } from '@sesame/contracts';
import { JWTHeaderParameters, SignJWT, calculateJwkThumbprint, errors, jwtVerify } from 'jose';
import { z } from 'zod';

const ISSUER = 'sesame';
const AUDIENCE = 'sesame-api';
const ALGORITHM = 'EdDSA';

/** The longest lifetime any Sesame access token may have (identity's ACCESS_TOKEN_TTL is at most this). */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 86_400;
/** Clocks of two machines may disagree by this much: a token issued "in the future" within it is fine. */
export const TOKEN_CLOCK_LEEWAY_SECONDS = 60;
/** Verified tokens a TokenVerifier remembers (a few hundred bytes each). */
const VERIFIED_TOKENS_KEPT = 10_000;

/** What an access token says about its holder. `sv` (session version) changes when sessions must end. */
export const AccessClaimsSchema = z.object({
  sub: z.uuid(),
  username: z.string(),
  role: RoleSchema,
  sv: z.number().int().min(0),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

export class InvalidToken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** The id a key is known by in JWT headers: its JWK thumbprint (RFC 7638). */
export async function keyIdOf(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as Parameters<typeof calculateJwkThumbprint>[0]);
}

/** Splits a bundle of concatenated PEM blocks (current key first, then previous ones). */
export function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}

/** Ed25519 public keys by key id, from a bundle of PEM blocks (the current key, then those being rotated out). */
export function verificationKeys(publicKeysPem: string): Promise<Map<string, KeyObject>> {
  const blocks = splitPem(publicKeysPem);
  if (blocks.length === 0) throw new Error('No public key found in the PEM bundle');
  return Promise.all(
    blocks.map(async (pem) => {
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('Verification keys must be Ed25519 public keys');
      return [await keyIdOf(key), key] as const;
    }),
  ).then((entries) => new Map(entries));
}

/** The key a JWT names in its header (`kid`), for jose's jwtVerify; an unknown one is refused. */
export function keyById(keys: Map<string, KeyObject>): (header: JWTHeaderParameters) => KeyObject {
  return (header) => {
    const key = header.kid ? keys.get(header.kid) : undefined;
    if (!key) throw new InvalidToken('unknown key id');
    return key;
  };
}

/** Signs access tokens with an Ed25519 private key (identity only). */
export class TokenSigner {
  private readonly key: KeyObject;
  private keyId?: Promise<string>;

  constructor(
    privateKeyPem: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createPrivateKey(privateKeyPem);
    if (this.key.asymmetricKeyType !== 'ed25519') throw new Error('The signing key must be an Ed25519 private key');
  }

  publicKeyPem(): string {
    return createPublicKey(this.key).export({ format: 'pem', type: 'spki' }).toString();
  }

  async sign(claims: AccessClaims): Promise<{ token: string; expiresIn: number }> {
    this.keyId ??= keyIdOf(createPublicKey(this.key));
    const token = await new SignJWT({ username: claims.username, role: claims.role, sv: claims.sv })
      .setProtectedHeader({ alg: ALGORITHM, kid: await this.keyId })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }
}

/**
 * Verifies access tokens against one or more public keys (the current one and those being rotated
 * out), chosen by the token's key id. Needs no call to identity.
 */
export class TokenVerifier {
  private readonly keys: Promise<Map<string, KeyObject>>;
  /**
   * Tokens already verified, with their claims, until they expire: the signature check was a tenth
   * of the gateway's CPU per request (a console sends the same token with every request). Keyed by
   * the whole token, signature included, so only the very token verified is answered from here;
   * the oldest go first beyond VERIFIED_TOKENS_KEPT.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  /**
   * `maxLifetimeSeconds` bounds `exp − iat`: a token without an expiry, or one valid for years
   * (a signing bug, a key used outside Sesame), is refused however valid its signature.
   */
  constructor(
    publicKeysPem: string,
    private readonly maxLifetimeSeconds: number = MAX_ACCESS_TOKEN_TTL_SECONDS + TOKEN_CLOCK_LEEWAY_SECONDS,
    /**
     * Issuers besides identity's own login: the OpenID Connect provider (PUBLIC_URL/oidc), whose
     * access tokens for the API (audience `sesame-api`) identity signs with the same Ed25519 key and
     * the same claims (the console signs in through it).
     */
    private readonly otherIssuers: string[] = [],
  ) {
    this.keys = verificationKeys(publicKeysPem);
  }

  async verify(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      // The same test jwtVerify makes of `exp`, with the same leeway.
      if (Date.now() < known.expiresAtMs) return known.claims;
      this.verified.delete(token);
    }
    const { claims, exp } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, expiresAtMs: (exp + TOKEN_CLOCK_LEEWAY_SECONDS) * 1000 });
    return claims;
  }

  private async verifySignature(token: string): Promise<{ claims: AccessClaims; exp: number }> {
    const keys = await this.keys;
    try {
      const { payload } = await jwtVerify(
        token,
        keyById(keys),
        {
          issuer: [ISSUER, ...this.otherIssuers],
          audience: AUDIENCE,
          algorithms: [ALGORITHM],
          requiredClaims: ['exp', 'iat'],
          clockTolerance: TOKEN_CLOCK_LEEWAY_SECONDS,
        },
      );
      const { exp, iat } = payload as { exp: number; iat: number };
      if (exp - iat > this.maxLifetimeSeconds) throw new InvalidToken('lifetime too long');
      if (iat > Date.now() / 1000 + TOKEN_CLOCK_LEEWAY_SECONDS) throw new InvalidToken('issued in the future');
      const claims = AccessClaimsSchema.safeParse(payload);
      if (!claims.success) throw new InvalidToken('unexpected claims');
      return { claims: claims.data, exp };
    } catch (error) {
      if (error instanceof InvalidToken) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidToken(error.code);
      throw error;
    }
  }
}

/** A fresh Ed25519 key pair in PEM (development and tests; production keys come from a Secret). */
export function generateSigningKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

let devOidcKey: string | undefined;

/**
 * An RSA private key in PEM for the OpenID Connect provider's OIDC_SIGNING_KEYS (development and
 * tests; production keys come from a Secret). One per process: RSA keys are slow to generate.
 */
export function generateOidcSigningKey(): string {
  devOidcKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return devOidcKey;
}
