import { checkEmail, normalizeEmail } from './email.rules';

describe('email rules', () => {
  it.each(['jean.dupont@ac-paris.fr', 'a+b@x.org', "o'brien@example.co.uk"])('accepts %j', (email) => {
    expect(checkEmail(email)).toBeNull();
  });

  it.each([
    ['a@x.org, b@y.org', 'email.single_address'],
    ['a@x.org;b@y.org', 'email.single_address'],
    ['a@x.org\nBcc: evil@z.org', 'email.single_address'],
    ['Jean <a@x.org>', 'email.single_address'],
    ['not-an-email', 'email.invalid'],
    ['a@localhost', 'email.invalid'],
    ['', 'email.required'],
  ])('refuses %j with %s', (email, code) => {
    expect(checkEmail(email)?.code).toBe(code);
  });

  it('lower-cases the domain only', () => {
    expect(normalizeEmail(' Jean.Dupont@AC-Paris.FR ')).toBe('Jean.Dupont@ac-paris.fr');
  });
});
