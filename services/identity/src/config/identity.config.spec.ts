import { generateFieldKey, generateSealKey } from '@sesame/auth';
import { ConfigError, describeConfig } from '@sesame/config';
import { IdentityConfigSchema, loadIdentityConfig } from './identity.config';

const required = { JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\n…', OIDC_SIGNING_KEYS: '-----BEGIN PRIVATE KEY-----\n…', MAIL_SEAL_KEY: generateSealKey('2025-09'), ACTIVATION_CODE_KEY: generateFieldKey() };

describe('identity configuration', () => {
  it('throttles logins and activations as the gateway did: 10, 100, 50 failures an hour, then 900 s', () => {
    expect(loadIdentityConfig(required)).toMatchObject({
      LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS: 10,
      LOGIN_MAX_FAILURES_PER_ADDRESS: 100,
      LOGIN_MAX_FAILURES_PER_USER: 50,
      LOGIN_BLOCK_SECONDS: 900,
    });
    expect(loadIdentityConfig({ ...required, LOGIN_BLOCK_SECONDS: '60' }).LOGIN_BLOCK_SECONDS).toBe(60);
    expect(() => loadIdentityConfig({ ...required, LOGIN_BLOCK_SECONDS: '0' })).toThrow(/LOGIN_BLOCK_SECONDS/);
  });

  it('needs the key that seals reset tokens for mailmerge, refuses a wrong one without printing it', () => {
    expect(() => loadIdentityConfig({ JWT_PRIVATE_KEY: required.JWT_PRIVATE_KEY })).toThrow(/MAIL_SEAL_KEY/);
    let error: ConfigError | undefined;
    try {
      loadIdentityConfig({ ...required, MAIL_SEAL_KEY: 'k:dG9vIHNob3J0' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([expect.stringMatching(/^MAIL_SEAL_KEY: must be <key id>:<32 random bytes in base64>/)]);
    expect(error?.message).not.toContain('dG9vIHNob3J0');
    expect(describeConfig(IdentityConfigSchema).find((v) => v.name === 'MAIL_SEAL_KEY')).toMatchObject({ secret: true });
  });
});
