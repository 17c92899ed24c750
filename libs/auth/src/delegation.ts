import { KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { DelegatedOperationSchema, RoleSchema, UserFilterSchema } from '@sesame/contracts';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { InvalidToken, keyById, keyIdOf, verificationKeys } from './tokens';

const ISSUER = 'sesame';
// Not the access tokens' audience (`sesame-api`) nor type: no verifier of access tokens accepts a
// delegation, and this verifier accepts no access token.
const AUDIENCE = 'sesame-delegation';
const TYPE = 'sesame-delegation+jwt';
const ALGORITHM = 'EdDSA';

/**
 * What a delegation says: who (`sub`, `role`, `sv` their session version when it was signed) lets a
 * job do which operation (`op`) on which import or campaign (`ref`), and for a campaign with which
 * filter. It grants nothing else.
 */
export const DelegationClaimsSchema = z.object({
  sub: z.uuid(),
  role: RoleSchema,
  sv: z.number().int().min(0),
  op: DelegatedOperationSchema,
  ref: z.uuid(),
  filter: UserFilterSchema.optional(),
});
export type DelegationClaims = z.infer<typeof DelegationClaimsSchema>;
/** The claims of a delegation that was verified, with its expiry (epoch seconds). */
export type VerifiedDelegation = DelegationClaims & { exp: number };


/** Signs delegations with identity's Ed25519 key (identity only). */
export class DelegationSigner {
  private readonly key: KeyObject;
  private keyId?: Promise<string>;

  constructor(
    privateKeyPem: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createPrivateKey(privateKeyPem);
    if (this.key.asymmetricKeyType !== 'ed25519') throw new Error('The signing key must be an Ed25519 private key');
  }

  async sign(claims: DelegationClaims): Promise<{ delegation: string; expiresAt: Date }> {
    this.keyId ??= keyIdOf(createPublicKey(this.key));
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const { sub, ...rest } = claims;
    const delegation = await new SignJWT(rest)
      .setProtectedHeader({ alg: ALGORITHM, kid: await this.keyId, typ: TYPE })
      .setSubject(sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { delegation, expiresAt: new Date(expiresAt * 1000) };
  }
}

/** Verifies delegations against identity's public keys (the current one and those being rotated out). */
export class DelegationVerifier {
  private readonly keys: Promise<Map<string, KeyObject>>;

  constructor(publicKeysPem: string) {
    this.keys = verificationKeys(publicKeysPem);
  }

  /** The claims of a valid, unexpired delegation; InvalidToken otherwise. */
  async verify(delegation: string): Promise<VerifiedDelegation> {
    const keys = await this.keys;
    try {
      const { payload } = await jwtVerify(
        delegation,
        keyById(keys),
        { issuer: ISSUER, audience: AUDIENCE, typ: TYPE, algorithms: [ALGORITHM], requiredClaims: ['exp'] },
      );
      const claims = DelegationClaimsSchema.safeParse(payload);
      if (!claims.success) throw new InvalidToken('unexpected claims');
      return { ...claims.data, exp: payload.exp! };
    } catch (error) {
      if (error instanceof InvalidToken) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidToken(error.code);
      throw error;
    }
  }
}
