import { commonPasswords, SortedPasswordList } from './common-passwords';
import { checkPassword } from './password.rules';
import { unpredictablePart } from './password-patterns.rules';

describe('password policy (SPEC §3)', () => {
  const common = commonPasswords();

  it('accepts 12 characters and more, up to at least 64, with no composition rule', () => {
    expect(checkPassword('ceci est une phrase de passe', 'jdupont', common)).toBeNull();
    expect(checkPassword('le chat de Lou mange 3 pommes', 'jdupont', common)).toBeNull();
    expect(checkPassword('Tk9vq2mWz7Lp', 'jdupont', common)).toBeNull();
    const long = 'les sept vaches du voisin broutent près de la rivière gelée, le soir!';
    expect([...long].length).toBeGreaterThan(64);
    expect(checkPassword(long, 'jdupont', common)).toBeNull();
  });

  it('refuses fewer than 12 characters', () => {
    expect(checkPassword('elevenchars', 'jdupont', common)).toEqual({ code: 'password.too_short', params: { minimum: 12 } });
  });

  describe('the list of common passwords', () => {
    it('holds more than 100,000 entries, French ones included', () => {
      expect(common.size).toBeGreaterThan(100_000);
      for (const french of ['motdepasse', 'doudou', 'chouchou', 'bisounours', 'marseille', 'jetaime']) expect(common.has(french)).toBe(true);
    });

    it('refuses a common password whatever its case', () => {
      expect(checkPassword('QWERTY123456', 'jdupont', common)?.code).toBe('password.too_common');
      expect(checkPassword('motdepasse123', 'jdupont', common)?.code).toBe('password.too_common');
      expect(checkPassword('Anticonstitutionnellement', 'jdupont', common)?.code).toBe('password.too_common');
    });

    it('refuses a common password padded with a sequence or repeated', () => {
      expect(checkPassword('password12345678', 'jdupont', common)?.code).toBe('password.too_common');
      expect(checkPassword('soleil123456789', 'jdupont', common)?.code).toBe('password.too_common');
      expect(checkPassword('bonjour!!!!!!!!', 'jdupont', common)?.code).toBe('password.too_common');
      expect(checkPassword('doudoudoudou', 'jdupont', common)?.code).toBe('password.predictable');
      expect(checkPassword('chouchouchouchou', 'jdupont', common)?.code).toBe('password.predictable');
      expect(checkPassword('marseillemarseille', 'jdupont', common)?.code).toBe('password.too_common');
    });

    it('is searched by bisection in code-unit order', () => {
      const list = new SortedPasswordList(['abc', 'abd', 'zz', 'é'].join('\n') + '\n');
      expect(list.size).toBe(4);
      for (const entry of ['abc', 'abd', 'zz', 'é']) expect(list.has(entry)).toBe(true);
      for (const entry of ['ab', 'abcd', '', 'zzz', 'e']) expect(list.has(entry)).toBe(false);
    });
  });

  describe('repeated characters and sequences', () => {
    it.each([
      '123456789012',
      'aaaaaaaaaaaa',
      '            ',
      'azertyuiop123456',
      'qwertyuiopasdf',
      '1qaz2wsx3edc',
      '9876543210zyx',
      'abcabcabcabc',
      '121212121212',
      'AZERTYazerty',
      'abcdefghij12',
      '&é"\'(-è_çà)=',
    ])('refuses %j as predictable, list or not', (password) => {
      expect(checkPassword(password, 'jdupont')?.code).toBe('password.predictable');
      expect(checkPassword(password, 'jdupont', common)?.code).toMatch(/^password\.(predictable|too_common)$/);
    });

    it.each(['mon code 1234 est secret', 'azerty mais surtout pas ça', 'Tk9vq2mWz7Lp', 'bernard-stuff-2024'])(
      'accepts %j: a sequence inside is not the password',
      (password) => {
        expect(checkPassword(password, 'jdupont', common)).toBeNull();
      },
    );

    it('keeps what is not a repeat or a run of three along one sequence', () => {
      expect(unpredictablePart('password12345678')).toBe('password');
      expect(unpredictablePart('soleilsoleil')).toBe('soleil');
      expect(unpredictablePart('123456789012')).toBe('12');
      expect(unpredictablePart('ab12cd')).toBe('ab12cd');
      expect(unpredictablePart('papapapa')).toBe('');
      expect(unpredictablePart('bonjour!!!!!!!!')).toBe('bonjour');
    });
  });

  it('refuses a password that contains the login', () => {
    expect(checkPassword('my name is JDupont!', 'jdupont', common)?.code).toBe('password.contains_username');
  });
});
