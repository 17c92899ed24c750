import { IMPORT_COLUMNS, ImportColumn, STAFF_COLUMNS } from '@sesame/contracts';
import { DuplicateTracker, RowContext, extraCells, isBlankRow, readRow, redactCells } from './row.rules';

const ALL = [...IMPORT_COLUMNS] as ImportColumn[];
const STAFF = [...STAFF_COLUMNS] as ImportColumn[];
const manager: RowContext = { uploaderRole: 'manager', commonPasswords: new Set(['motdepasse123', 'azertyuiop123']) };
const admin: RowContext = { ...manager, uploaderRole: 'administrator' };

/** A member row of the full header, with some cells replaced. */
const member = (over: Partial<Record<ImportColumn, string>> = {}) =>
  ALL.map((c) => ({ userName: 'lea.martin', firstName: 'Léa', lastName: 'Martin', profile: 'student', school: '0750001u', classes: '6A, 6B', ...over })[c as string] ?? '');
const staff = (over: Partial<Record<ImportColumn, string>> = {}) =>
  STAFF.map((c) => ({ userName: 'JDupont', email: 'j.dupont@AC-PARIS.fr', password: 'une phrase de passe', role: 'S', ...over })[c as string] ?? '');
const codes = (cells: string[], columns = ALL, context = manager) => readRow(cells, columns, 7, context).issues.map((i) => `${i.column} ${i.code}`);

describe('readRow', () => {
  it('reads a member: names in NFC, UAI in upper case, classes split and trimmed', () => {
    const { row, password, issues } = readRow(member({ firstName: 'E\u0301loi\u0308se ' }), ALL, 2, manager);
    expect(issues).toEqual([]);
    expect(password).toBeNull();
    expect(row).toEqual({
      userName: 'lea.martin',
      firstName: 'Éloïse',
      lastName: 'Martin',
      displayName: null,
      email: null,
      role: 'member',
      profile: 'student',
      school: '0750001U',
      classes: ['6A', '6B'],
      externalId: null,
    });
  });

  it('reads a supervisor with its password (to hash) and a normalised email', () => {
    const { row, password, issues } = readRow(staff(), STAFF, 2, admin);
    expect(issues).toEqual([]);
    expect(password).toBe('une phrase de passe');
    expect(row).toMatchObject({ userName: 'JDupont', role: 'supervisor', email: 'j.dupont@ac-paris.fr', school: null });
    expect(readRow(staff({ role: 's' }), STAFF, 2, admin).row.role).toBe('supervisor');
  });

  it('applies the username rules', () => {
    expect(codes(member({ userName: '' }))).toEqual(['userName username.required']);
    expect(codes(member({ userName: '#lea' }))).toEqual(['userName username.first_character']);
    expect(codes(member({ userName: 'lea%' }))).toEqual(['userName username.forbidden_character']);
    expect(codes(member({ userName: 'lea ' }))).toEqual(['userName username.trailing_space']);
    expect(codes(member({ userName: 'x'.repeat(65) }))).toEqual(['userName username.too_long']);
  });

  it('refuses role A to an administrator, and unknown roles', () => {
    expect(codes(staff({ role: 'A' }), STAFF, admin)).toEqual(['role role.not_allowed', 'school school.required_for_administrators']);
    expect(codes([...staff({ role: 'A' }), '', '0750001U'], [...STAFF, 'profile', 'school'], manager)).toEqual([]);
    expect(codes(staff({ role: 'Admin' }), STAFF)).toEqual(['role role.unknown']);
  });

  it('wants email and password for staff, and checks them', () => {
    expect(codes(staff({ email: '', password: '' }), STAFF)).toEqual(['email email.required', 'password password.required']);
    expect(codes(staff({ email: 'a@x.org, b@y.org' }), STAFF)).toEqual(['email email.single_address']);
    expect(codes(staff({ email: 'pas une adresse' }), STAFF)).toEqual(['email email.single_address']);
    expect(codes(staff({ password: 'court' }), STAFF)).toEqual(['password password.too_short']);
    expect(codes(staff({ password: 'AZERTYUIOP123' }), STAFF)).toEqual(['password password.too_common']);
    expect(codes(staff({ password: 'mon login JDupont à moi' }), STAFF)).toEqual(['password password.contains_username']);
  });

  it('never puts a password in an issue, and hashes nothing of a row with an issue', () => {
    const read = readRow(staff({ password: 'court', email: '' }), STAFF, 3, manager);
    expect(read.password).toBeNull();
    expect(read.issues.find((i) => i.column === 'password')).toMatchObject({ value: '', code: 'password.too_short' });
  });

  it('wants names and a known profile for members', () => {
    expect(codes(member({ firstName: '', lastName: ' ', profile: '' }))).toEqual([
      'firstName first_name.required',
      'lastName last_name.required',
      'profile profile.required',
    ]);
    expect(codes(member({ profile: 'élève' }))).toEqual(['profile profile.unknown']);
    expect(readRow(member({ profile: 'Teacher' }), ALL, 2, manager).row.profile).toBe('teacher');
  });

  it('keeps member columns to members', () => {
    const cells = [...staff(), 'teacher', '0750001U', '6A', ''];
    expect(codes(cells, ALL)).toEqual(['profile profile.only_for_members', 'classes classes.only_for_members', 'school school.not_for_supervisors']);
  });

  it('checks UAI codes, class names and lengths', () => {
    expect(codes(member({ school: '750001A' }))).toEqual(['school school.format']);
    expect(codes(member({ classes: `6A|${'x'.repeat(51)}` }))).toEqual(['classes class.too_long']);
    expect(codes(member({ lastName: 'y'.repeat(101) }))).toEqual(['lastName value.too_long']);
    expect(codes(member({ externalId: 'z'.repeat(101) }))).toEqual(['externalId value.too_long']);
  });

  it('refuses values a spreadsheet would run as formulas', () => {
    expect(codes(member({ lastName: '=HYPERLINK("http://x","clic")' }))).toEqual(['lastName value.formula']);
    expect(codes(member({ firstName: '@SUM(A1)', displayName: '+33 6' }))).toEqual(['firstName value.formula', 'displayName value.formula']);
    expect(codes(member({ classes: '-1' }))).toEqual(['classes value.formula']);
  });

  it('refuses control characters in names (a quoted cell may hold a tab or a line break)', () => {
    expect(codes(member({ lastName: 'Martin\nBcc: x', firstName: 'L\u00e9a\tMarie', displayName: 'L\u0085a' }))).toEqual([
      'firstName name.control_character',
      'lastName name.control_character',
      'displayName name.control_character',
    ]);
    expect(codes(member({ classes: '6A, 6\u0007B' }))).toEqual(['classes name.control_character']);
    expect(codes(member({ externalId: 'ext\u0001' }))).toEqual([]);
  });

  it('reports unreadable characters (bytes that were not UTF-8)', () => {
    expect(codes(member({ lastName: 'H\ufffdl\ufffdne' }))).toEqual(['lastName encoding.invalid']);
  });
});

describe('DuplicateTracker', () => {
  it('reports later duplicates with the first line, case-sensitively after NFC', () => {
    const tracker = new DuplicateTracker();
    const row = (userName: string, externalId: string | null = null) =>
      readRow(member({ userName, externalId: externalId ?? '' }), ALL, 0, manager).row;
    expect(tracker.issues(row('Éric', 'e1'), 2)).toEqual([]);
    expect(tracker.issues(row('éric', 'e2'), 3)).toEqual([]);
    expect(tracker.issues(row('E\u0301ric'), 4)).toEqual([{ line: 4, column: 'userName', value: 'Éric', code: 'username.duplicate', params: { firstLine: 2 } }]);
    expect(tracker.issues(row('autre', 'e1'), 5)).toEqual([{ line: 5, column: 'externalId', value: 'e1', code: 'external_id.duplicate', params: { firstLine: 2 } }]);
  });

  it('reports later look-alikes (same UTS #39 skeleton) with the first line, JDupont and jdupont staying two', () => {
    const tracker = new DuplicateTracker();
    const row = (userName: string) => readRow(member({ userName }), ALL, 0, manager).row;
    expect(tracker.issues(row('gestionnaire'), 2)).toEqual([]);
    expect(tracker.issues(row('JDupont'), 3)).toEqual([]);
    expect(tracker.issues(row('jdupont'), 4)).toEqual([]);
    const lookalike = (value: string, line: number) => [{ line, column: 'userName', value, code: 'username.lookalike_in_file', params: { firstLine: 2 } }];
    expect(tracker.issues(row('gestionn\u0430ire'), 5)).toEqual(lookalike('gestionn\u0430ire', 5));
    expect(tracker.issues(row('ｇｅｓｔｉｏｎｎａｉｒｅ'), 6)).toEqual(lookalike('ｇｅｓｔｉｏｎｎａｉｒｅ', 6));
  });
});

describe('redactCells, extraCells and isBlankRow', () => {
  it('never keeps the password cell', () => {
    expect(redactCells(staff(), STAFF, false)).toEqual(['JDupont', '', '', '', '', 'j.dupont@AC-PARIS.fr', 'S']);
  });

  it('drops everything from the password column on when values were shifted', () => {
    const shifted = ['jdupont', 'Jean', 'Dupont', 'Jr', 'JD', 'secret password', 'j@x.org', 'S'];
    expect(extraCells(shifted, STAFF.length)).toBe(true);
    expect(redactCells(shifted, STAFF, true)).toEqual(['jdupont', 'Jean', 'Dupont', 'Jr', '', '', '', '']);
    expect(extraCells([...staff(), '', ' '], STAFF.length)).toBe(false);
  });

  it('sees rows of empty cells', () => {
    expect(isBlankRow(['', ' ', ''])).toBe(true);
    expect(isBlankRow([''])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});
