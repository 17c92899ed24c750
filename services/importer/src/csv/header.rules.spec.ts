import { checkHeader, foldHeader, isReportColumn, suggestColumn } from './header.rules';

const STAFF = ['userName', 'firstName', 'lastName', 'displayName', 'password', 'email', 'role'];
const codes = (cells: string[]) => checkHeader(cells).issues.map((i) => `${i.code} ${i.value}${i.params?.expected ? ` → ${i.params.expected}` : ''}`);

describe('suggestColumn', () => {
  it.each([
    ['Last Name', 'lastName'],
    ['Prénom', 'firstName'],
    ["Nom d'utilisateur", 'userName'],
    ['Nom d’utilisateur', 'userName'],
    ['NOM', 'lastName'],
    ['Mot de passe', 'password'],
    ['E-mail', 'email'],
    ['Courriel', 'email'],
    ['Rôle', 'role'],
    ['Établissement', 'school'],
    ['Classe', 'classes'],
    ['username', 'userName'],
    ['Display Name', 'displayName'],
  ])('%s → %s', (header, expected) => {
    expect(suggestColumn(header)).toBe(expected);
  });

  it('suggests nothing for a header it does not know', () => {
    expect(suggestColumn('Date de naissance')).toBeNull();
    expect(foldHeader('Date de naissance')).toBe('datedenaissance');
  });
});

describe('checkHeader', () => {
  it('accepts Collaborate’s header, alone or with member columns in order', () => {
    expect(checkHeader(STAFF)).toEqual({ columns: STAFF, width: 7, issues: [] });
    expect(checkHeader([...STAFF, 'profile', 'school', 'classes', 'externalId']).columns).toHaveLength(11);
    expect(checkHeader([...STAFF, 'school', 'externalId']).columns).toEqual([...STAFF, 'school', 'externalId']);
  });

  it('ignores surrounding spaces, a stray byte order mark and empty trailing headers', () => {
    expect(checkHeader(['\ufeffuserName', ...STAFF.slice(1).map((h) => ` ${h} `), '', '']).columns).toEqual(STAFF);
  });

  it('sets aside the error column of report.csv, in either language, with the file’s problems or not', () => {
    expect(checkHeader([...STAFF, 'school', 'erreurs'])).toEqual({ columns: [...STAFF, 'school'], width: 9, issues: [] });
    expect(checkHeader([...STAFF, 'errors', ''])).toEqual({ columns: STAFF, width: 8, issues: [] });
    expect(checkHeader([...STAFF, 'Erreurs : Choisissez un établissement.', 'erreurs']).columns).toEqual(STAFF);
    expect(isReportColumn('errors: Column 8 has no header.')).toBe(true);
    expect(isReportColumn('Erreur de saisie')).toBe(false);
    // Anywhere but last, it is a column like another, and unknown.
    expect(codes(['erreurs', ...STAFF])).toContain('header.unknown erreurs');
  });

  it('refuses translated headers with a suggestion', () => {
    expect(codes(['Nom d\'utilisateur', 'Prénom', 'Last Name', 'displayName', 'password', 'email', 'role'])).toEqual([
      "header.suggestion Nom d'utilisateur → userName",
      'header.suggestion Prénom → firstName',
      'header.suggestion Last Name → lastName',
    ]);
  });

  it('refuses an unknown header, and says which required column is missing', () => {
    expect(codes(['userName', 'firstName', 'lastName', 'displayName', 'password', 'email', 'Date de naissance'])).toEqual([
      'header.unknown Date de naissance',
      'header.missing  → role',
    ]);
  });

  it('refuses a column out of order, a duplicate and an empty header in the middle', () => {
    expect(codes(['firstName', 'userName', 'lastName', 'displayName', 'password', 'email', 'role'])).toEqual([
      'header.order firstName → userName',
      'header.order userName → firstName',
    ]);
    expect(codes([...STAFF, 'school', 'profile'])).toEqual(['header.order school → profile', 'header.order profile → school']);
    expect(codes([...STAFF, 'email'])).toEqual(['header.duplicate email']);
    expect(codes(['userName', '', ...STAFF.slice(1)])).toEqual(['header.empty ']);
  });

  it('numbers positions from 1, as a spreadsheet user counts columns', () => {
    const [issue] = checkHeader(STAFF.slice(0, 6)).issues;
    expect(issue).toMatchObject({ line: 1, code: 'header.missing', params: { expected: 'role', position: 7 } });
  });
});
