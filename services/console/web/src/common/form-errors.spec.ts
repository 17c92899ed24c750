import { placeFieldErrors } from './form-errors';

describe('where a refusal’s field errors are shown', () => {
  it('puts each error on its field, and nothing above the form', () => {
    expect(placeFieldErrors({ password: 'Le mot de passe ne doit pas contenir l’identifiant du compte.' }, ['password', 'passwordConfirmation'])).toEqual({
      fields: { password: 'Le mot de passe ne doit pas contenir l’identifiant du compte.' },
    });
  });

  it('says above the form what no field of the form can show', () => {
    expect(placeFieldErrors({ token: 'Le champ « token » est trop long.', password: 'Trop court.' }, ['password'])).toEqual({
      fields: { password: 'Trop court.' },
      message: 'Le champ « token » est trop long.',
    });
    expect(placeFieldErrors({ root: { serverError: 'Ce mot de passe figure dans des fuites de données connues.' } }, ['password'])).toEqual({
      message: 'Ce mot de passe figure dans des fuites de données connues.',
    });
  });
});
