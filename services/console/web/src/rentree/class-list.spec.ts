import { parseClassList } from './class-list';

describe('a rentrée’s class list (CSV)', () => {
  it('reads logins and classes, ; separated, with the file’s line numbers', () => {
    expect(parseClassList('\uFEFFIdentifiant;Classe\r\nlea.martin;5A\r\n\r\n"hugo;b";"6 ""bis"""\r\n')).toEqual({
      rows: [
        { line: 2, login: 'lea.martin', className: '5A' },
        { line: 4, login: 'hugo;b', className: '6 "bis"' },
      ],
    });
  });

  it('reads INEs, , separated, and prefers the login when a line has both', () => {
    expect(parseClassList('INE,identifiant,classe\n123456789AB,,4B\n987654321CD,zoe.abadie,3C')).toEqual({
      rows: [
        { line: 2, ine: '123456789AB', className: '4B' },
        { line: 3, login: 'zoe.abadie', className: '3C' },
      ],
    });
  });

  it('says what is wrong with a file it cannot read', () => {
    expect(parseClassList('  \n')).toEqual({ error: 'empty' });
    expect(parseClassList('nom;prénom\nMartin;Léa')).toEqual({ error: 'columns' });
    expect(parseClassList('identifiant;classe\n')).toEqual({ error: 'noRows' });
  });
});
