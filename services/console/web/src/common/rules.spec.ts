import { validatePassword } from './rules';

describe('the password as the console checks it while it is typed', () => {
  const validate = validatePassword((values) => values.username, { required: true });

  it('refuses repeats and keyboard sequences, as the API does', () => {
    expect(validate('azertyuiop123456', { username: 'jdupont' })).toMatch(/^Ce mot de passe est trop prévisible/);
    expect(validate('aaaaaaaaaaaa', { username: 'jdupont' })).toMatch(/^Ce mot de passe est trop prévisible/);
  });

  it('leaves the list of common passwords to the API (it is not in the bundle)', () => {
    // Refused by the API as too common (libs/account-rules/src/password.rules.spec.ts).
    expect(validate('motdepasse123', { username: 'jdupont' })).toBeUndefined();
  });
});
