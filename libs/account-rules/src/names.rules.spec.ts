import { checkName, defaultDisplayName, loginBase, loginCandidate } from './names.rules';

describe('names', () => {
  it('defaults the display name like Collaborate', () => {
    expect(defaultDisplayName('Jean', 'Dupont', 'jdupont')).toBe('Jean Dupont');
    expect(defaultDisplayName(null, 'Dupont', 'jdupont')).toBe('Dupont');
    expect(defaultDisplayName('', null, 'jdupont')).toBe('jdupont');
  });

  it('generates firstname.lastname, lower case, without accents', () => {
    expect(loginBase('Éloïse', 'Lefèvre')).toBe('eloise.lefevre');
    expect(loginBase('Jean-Pierre', "N'Diaye")).toBe('jean-pierre.ndiaye');
    expect(loginBase('Anne Marie', 'De La Tour')).toBe('anne-marie.de-la-tour');
    expect(loginBase('Œdipe', 'Çava')).toBe('oedipe.cava');
    expect(loginBase('***', '')).toBeNull();
  });

  it('numbers collisions from 2', () => {
    expect(loginCandidate('jean.dupont', 1)).toBe('jean.dupont');
    expect(loginCandidate('jean.dupont', 2)).toBe('jean.dupont2');
  });
});

describe('checkName', () => {
  it.each(['Léa', 'Jean-Pierre N’Diaye', 'Zoë de la Tour', 'علي\u200c', '3e B'])('accepts %j', (name) => {
    expect(checkName(name)).toBeNull();
  });

  it.each(['Lé\u0000a', 'Jean\tPierre', 'Martin\nBcc: x', 'Martin\r', 'L\u007fa', 'L\u0085a', 'Martin\u2028Bcc'])('refuses %j', (name) => {
    expect(checkName(name)).toEqual({ code: 'name.control_character' });
  });
});
