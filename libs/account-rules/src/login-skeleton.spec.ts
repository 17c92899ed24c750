import { loginSkeleton } from './login-skeleton';

describe('login skeletons (UTS #39 confusables)', () => {
  it.each([
    ['gestionn\u0430ire', 'a Cyrillic а'],
    ['ｇｅｓｔｉｏｎｎａｉｒｅ', 'full-width letters'],
    ['gest\u0456onnaire', 'a Cyrillic і'],
    ['gestio\u200bnnaire', 'a zero-width space'],
  ])('reads %j (%s) as gestionnaire', (lookalike) => {
    expect(loginSkeleton(lookalike)).toBe(loginSkeleton('gestionnaire'));
  });

  it('joins letters that look alike: I, l and 1; rn and m; O and 0', () => {
    expect(loginSkeleton('Il1')).toBe(loginSkeleton('lll'));
    expect(loginSkeleton('marie')).toBe(loginSkeleton('rnarie'));
    expect(loginSkeleton('J0HN')).toBe(loginSkeleton('JOHN'));
  });

  it('keeps case significant (SPEC §3): JDupont and jdupont are two logins', () => {
    expect(loginSkeleton('JDupont')).not.toBe(loginSkeleton('jdupont'));
    expect(loginSkeleton('Gestionnaire')).not.toBe(loginSkeleton('gestionnaire'));
    expect(loginSkeleton('\ua77a')).not.toBe(loginSkeleton('\ua779'));
  });

  it('keeps different logins apart, accents included', () => {
    expect(loginSkeleton('jean.dupont')).not.toBe(loginSkeleton('jean.dupond'));
    expect(loginSkeleton('éric')).not.toBe(loginSkeleton('eric'));
    expect(loginSkeleton('E\u0301ric')).toBe(loginSkeleton('Éric'));
  });

  it('maps an ASCII login letter by letter, so a generated suffix keeps the prefix’s skeleton', () => {
    expect(loginSkeleton('jean.dupont12')).toBe(loginSkeleton('jean.dupont') + loginSkeleton('12'));
  });
});
