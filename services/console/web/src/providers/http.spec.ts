import { ApiError, fileNameOf } from './http';

describe('ApiError: the gateway’s problem+json as the console shows it', () => {
  it('puts each field message on its field and the others on the form', () => {
    const error = new ApiError(400, {
      title: 'La requête contient des valeurs incorrectes.',
      code: 'validation_failed',
      detail: 'a b',
      errors: [
        { field: 'username', code: 'username.too_long', message: 'Trop long.' },
        { field: 'schoolIds.0', code: 'invalid_format', message: 'Mauvais format.' },
      ],
    });
    expect(error.message).toBe('La requête contient des valeurs incorrectes.');
    expect(error.body?.errors).toEqual({ username: 'Trop long.', root: { serverError: 'Mauvais format.' } });
  });

  it('says a conflict with its reason', () => {
    const error = new ApiError(409, { title: 'Cette action n’est pas possible.', detail: 'Ce compte est déjà activé.', code: 'conflict' });
    expect(error.message).toBe('Cette action n’est pas possible. Ce compte est déjà activé.');
    expect(error.body).toBeUndefined();
  });

  it('shows a taken username on the username field', () => {
    expect(new ApiError(409, { title: 'Le nom d’utilisateur « x » est déjà utilisé.', code: 'username_taken' }).body?.errors).toEqual({
      username: 'Le nom d’utilisateur « x » est déjà utilisé.',
    });
  });

  it('shows a look-alike username on the username field', () => {
    const title = 'Ce nom d’utilisateur ressemble trop à un nom déjà utilisé.';
    expect(new ApiError(409, { title, code: 'username_lookalike' }).body?.errors).toEqual({ username: title });
  });

  it('falls back to the console’s own sentence when the gateway could not answer', () => {
    expect(new ApiError(502, {}).message).toBe('sesame.errors.unavailable');
  });
});

describe('fileNameOf: the name a download is saved under', () => {
  it('reads a plain name and an encoded UTF-8 one', () => {
    expect(fileNameOf('attachment; filename="sesame-courriers-2026-09-01-0a1b2c3d.pdf"')).toBe('sesame-courriers-2026-09-01-0a1b2c3d.pdf');
    expect(fileNameOf(`attachment; filename*=UTF-8''${encodeURIComponent('élèves-rapport.csv')}`)).toBe('élèves-rapport.csv');
  });

  it('has none without a usable header', () => {
    expect(fileNameOf(null)).toBeUndefined();
    expect(fileNameOf('attachment')).toBeUndefined();
    expect(fileNameOf("attachment; filename*=UTF-8''%E9%ZZ")).toBeUndefined();
  });
});
