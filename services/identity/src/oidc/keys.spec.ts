import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { generateOidcSigningKey, generateSigningKeys, keyIdOf } from '@sesame/auth';
import { signingJwks } from './keys';

const pem = (key: { export(options: { format: 'pem'; type: 'pkcs8' }): string | Buffer }) => key.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('the provider’s signing keys', () => {
  const current = generateOidcSigningKey();
  const previous = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const accessTokens = generateSigningKeys().privateKey;

  it('are the RSA keys in their order (the first signs), then identity’s Ed25519 key, each with its thumbprint as key id', async () => {
    const keys = await signingJwks(current + previous, accessTokens);
    expect(keys.map((key) => key.alg)).toEqual(['RS256', 'RS256', 'EdDSA']);
    expect(keys.map((key) => key.kid)).toEqual([
      await keyIdOf(createPublicKey(current)),
      await keyIdOf(createPublicKey(previous)),
      await keyIdOf(createPublicKey(accessTokens)),
    ]);
  });

  it('refuses an empty bundle, a key that is not RSA, and an RSA key under 2048 bits', async () => {
    await expect(signingJwks('', accessTokens)).rejects.toThrow(/no PEM block/);
    await expect(signingJwks(accessTokens, accessTokens)).rejects.toThrow(/RSA private keys/);
    const small = pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
    await expect(signingJwks(small, accessTokens)).rejects.toThrow(/2048 bits/);
  });
});
