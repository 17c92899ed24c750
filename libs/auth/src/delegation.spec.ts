import { randomUUID } from 'node:crypto';
import { DELEGATED_OPERATIONS, RpcRequestSchema } from '@sesame/contracts';
import { decodeJwt } from 'jose';
import { DelegationSigner, DelegationVerifier } from './delegation';
import { InvalidToken, TokenSigner, TokenVerifier, generateSigningKeys } from './tokens';

const keys = generateSigningKeys();
const claims = {
  sub: '00000000-0000-4000-8000-000000000001',
  role: 'administrator' as const,
  sv: 3,
  op: DELEGATED_OPERATIONS.commitImport,
  ref: '00000000-0000-4000-8000-00000000000a',
};

describe('delegations', () => {
  it('carry who, which operation on what, and expire after their lifetime', async () => {
    const { delegation, expiresAt } = await new DelegationSigner(keys.privateKey, 600).sign(claims);
    const verified = await new DelegationVerifier(keys.publicKey).verify(delegation);
    expect(verified).toMatchObject(claims);
    expect(verified.exp * 1000).toBe(expiresAt.getTime());
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(590_000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(600_000);
    // Nothing that would let the holder act as the person: no username, not the access tokens' audience.
    expect(decodeJwt(delegation)).not.toHaveProperty('username');
    expect(decodeJwt(delegation).aud).not.toBe('sesame-api');
  });

  it('fit in an RPC request with the largest filter a campaign may have', async () => {
    const filter = { classIds: Array.from({ length: 200 }, () => randomUUID()), q: 'x'.repeat(100), preDeleted: 'include' as const, deactivated: 'include' as const };
    const { delegation } = await new DelegationSigner(keys.privateKey, 600).sign({ ...claims, op: DELEGATED_OPERATIONS.freezeCampaign, filter });
    expect(RpcRequestSchema.safeParse({ delegation, input: {} }).success).toBe(true);
    expect((await new DelegationVerifier(keys.publicKey).verify(delegation)).filter).toEqual(filter);
  });

  it('are refused once expired', async () => {
    const { delegation } = await new DelegationSigner(keys.privateKey, -5).sign(claims);
    await expect(new DelegationVerifier(keys.publicKey).verify(delegation)).rejects.toThrow(InvalidToken);
  });

  it('are refused by the access tokens’ verifier, and access tokens by theirs', async () => {
    const { delegation } = await new DelegationSigner(keys.privateKey, 600).sign(claims);
    await expect(new TokenVerifier(keys.publicKey).verify(delegation)).rejects.toThrow(InvalidToken);
    const { token } = await new TokenSigner(keys.privateKey, 600).sign({ sub: claims.sub, username: 'admin', role: 'administrator', sv: 3 });
    await expect(new DelegationVerifier(keys.publicKey).verify(token)).rejects.toThrow(InvalidToken);
  });

  it('are refused when signed with another key', async () => {
    const { delegation } = await new DelegationSigner(generateSigningKeys().privateKey, 600).sign(claims);
    await expect(new DelegationVerifier(keys.publicKey).verify(delegation)).rejects.toThrow(InvalidToken);
  });
});
