import { commonPasswords } from './common-passwords';
import { checkPassword } from './password.rules';

describe('password policy (SPEC §3)', () => {
  const common = commonPasswords();

  it('accepts 12 characters and more, up to at least 64, with no composition rule', () => {
    expect(checkPassword('correcthorse', 'jdupont', common)).toBeNull();
    expect(checkPassword('x'.repeat(64) + 'y', 'jdupont', common)).toBeNull();
    expect(checkPassword('ceci est une phrase de passe', 'jdupont', common)).toBeNull();
  });

  it('refuses fewer than 12 characters', () => {
    expect(checkPassword('elevenchars', 'jdupont', common)).toEqual({ code: 'password.too_short', params: { minimum: 12 } });
  });

  it('refuses a common password whatever its case', () => {
    expect(common.size).toBeGreaterThan(200);
    expect(checkPassword('QWERTY123456', 'jdupont', common)?.code).toBe('password.too_common');
    expect(checkPassword('motdepasse123', 'jdupont', common)?.code).toBe('password.too_common');
  });

  it('refuses a password that contains the login', () => {
    expect(checkPassword('my name is JDupont!', 'jdupont', common)?.code).toBe('password.contains_username');
  });
});
