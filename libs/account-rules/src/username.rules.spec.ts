import { checkUsername, normalizeUsername } from './username.rules';

describe('username rules (SPEC §3)', () => {
  it.each([
    ['jdupont'],
    ['JDupont'],
    ['Jean Dupont'],
    ['Éric'],
    ['1er.compte'],
    ['李小龙'],
    ['a'.repeat(64)],
  ])('accepts %j', (username) => {
    expect(checkUsername(username)).toBeNull();
  });

  it.each([
    ['', 'username.required'],
    ['a'.repeat(65), 'username.too_long'],
    [' jdupont', 'username.first_character'],
    ['.jdupont', 'username.first_character'],
    ['_admin', 'username.first_character'],
    ['jean<dupont', 'username.forbidden_character'],
    ['jean&dupont', 'username.forbidden_character'],
    ['jean\\dupont', 'username.forbidden_character'],
    ['jean"dupont', 'username.forbidden_character'],
    ['jean#dupont', 'username.forbidden_character'],
    ['jean%dupont', 'username.forbidden_character'],
    ['jean\tdupont', 'username.control_character'],
    ['jean\ndupont', 'username.control_character'],
    ['jdupont ', 'username.trailing_space'],
  ])('refuses %j with %s', (username, code) => {
    expect(checkUsername(username)?.code).toBe(code);
  });

  it('names the forbidden character', () => {
    expect(checkUsername('a#b')).toEqual({ code: 'username.forbidden_character', params: { character: '#' } });
  });

  it('counts characters after NFC, not UTF-16 units or combining marks', () => {
    const decomposed = 'E\u0301'.repeat(64); // 128 code points before NFC, 64 after
    expect(checkUsername(decomposed)).toBeNull();
    // U+1D49C is a letter outside the BMP: two UTF-16 units, one character.
    expect(checkUsername('\u{1D49C}'.repeat(64))).toBeNull();
    expect(checkUsername('\u{1D49C}'.repeat(65))?.code).toBe('username.too_long');
  });

  it('normalizes to NFC so E + combining acute equals É', () => {
    expect(normalizeUsername('E\u0301ric')).toBe('Éric');
    expect(normalizeUsername('JDupont')).not.toBe(normalizeUsername('jdupont'));
  });
});
