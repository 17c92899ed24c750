import { type PasswordList, checkEmail, checkName, checkPassword, checkUsername, loginSkeleton, normalizeEmail, normalizeUsername } from '@sesame/account-rules';
import { ImportColumn, ImportIssue, PROFILES, Profile } from '@sesame/contracts';

/** A row as it will be created; plain JSON (stored in the importer's database, then sent to identity). */
export interface ImportRow {
  userName: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  email: string | null;
  /** Null when the role cell holds something unknown. */
  role: 'member' | 'supervisor' | 'administrator' | null;
  profile: Profile | null;
  /** UAI, upper case; null for a member means "the upload's default school". */
  school: string | null;
  classes: string[];
  externalId: string | null;
}

export interface RowContext {
  /** Only the manager imports administrators (SPEC §2). */
  uploaderRole: 'manager' | 'administrator';
  commonPasswords: PasswordList;
}

export interface ReadRow {
  row: ImportRow;
  /** To hash, when the row is valid; never stored. */
  password: string | null;
  issues: ImportIssue[];
}

const NAME_MAX = 100;
const CLASS_MAX = 50;
const CLASSES_MAX = 30;
const EXTERNAL_ID_MAX = 100;
const UAI = /^\d{7}[A-Z]$/;
/** What a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** U+FFFD: bytes that were not UTF-8 in a file read as UTF-8. */
const UNREADABLE = '\ufffd';

const ROLES: Record<string, ImportRow['role']> = { '': 'member', s: 'supervisor', a: 'administrator' };

/**
 * Reads and checks one data row against the rules that need no other data (SPEC §3 and §5). The
 * password cell is read for the policy and the hash, and never appears in an issue.
 */
export function readRow(cells: readonly string[], columns: readonly ImportColumn[], line: number, context: RowContext): ReadRow {
  const issues: ImportIssue[] = [];
  const cell = (column: ImportColumn) => {
    const index = columns.indexOf(column);
    return index === -1 ? '' : (cells[index] ?? '');
  };
  const add = (column: ImportColumn, code: string, value: string, params?: ImportIssue['params']) =>
    issues.push({ line, column, value: column === 'password' ? '' : value, code, ...(params ? { params } : {}) });

  for (const column of columns) {
    if (cell(column).includes(UNREADABLE)) add(column, 'encoding.invalid', cell(column));
  }

  const text = (column: ImportColumn, max: number, { name = true } = {}): string | null => {
    const value = cell(column).trim().normalize('NFC');
    if (!value) return null;
    // Code points never outnumber UTF-16 units: most values need no counting.
    if (value.length > max && [...value].length > max) add(column, 'value.too_long', value, { maximum: max });
    else if (FORMULA_START.test(value)) add(column, 'value.formula', value, { character: value[0] });
    else if (name && checkName(value)) add(column, 'name.control_character', value);
    return value;
  };

  const userName = normalizeUsername(cell('userName'));
  const usernameIssue = checkUsername(userName);
  if (usernameIssue) add('userName', usernameIssue.code, userName, usernameIssue.params);

  const firstName = text('firstName', NAME_MAX);
  const lastName = text('lastName', NAME_MAX);
  const displayName = text('displayName', NAME_MAX);
  const externalId = text('externalId', EXTERNAL_ID_MAX, { name: false });

  const roleCell = cell('role').trim();
  const role = ROLES[roleCell.toLowerCase()] ?? null;
  if (role === null) add('role', 'role.unknown', roleCell);
  else if (role === 'administrator' && context.uploaderRole !== 'manager') add('role', 'role.not_allowed', roleCell);
  const staff = role === 'supervisor' || role === 'administrator';

  const rawEmail = cell('email').trim();
  let email: string | null = null;
  if (rawEmail) {
    const emailIssue = checkEmail(rawEmail);
    if (emailIssue) add('email', emailIssue.code, rawEmail, emailIssue.params);
    email = normalizeEmail(rawEmail);
  } else if (staff) add('email', 'email.required', '');

  let password: string | null = cell('password') || null;
  if (password) {
    const passwordIssue = checkPassword(password, userName, context.commonPasswords);
    if (passwordIssue) add('password', passwordIssue.code, '', passwordIssue.params);
  } else if (staff) add('password', 'password.required', '');

  const profileCell = cell('profile').trim();
  const profile = (PROFILES as readonly string[]).includes(profileCell.toLowerCase()) ? (profileCell.toLowerCase() as Profile) : null;
  if (profileCell && !profile) add('profile', 'profile.unknown', profileCell);

  const schoolCell = cell('school').trim();
  const school = schoolCell ? schoolCell.toUpperCase() : null;
  if (school && !UAI.test(school)) add('school', 'school.format', schoolCell);

  const classesCell = cell('classes').trim();
  const classes = classesCell ? [...new Set(classesCell.split(/[,|]/).map((name) => name.trim().normalize('NFC')).filter(Boolean))] : [];
  for (const name of classes) {
    if (name.length > CLASS_MAX && [...name].length > CLASS_MAX) add('classes', 'class.too_long', classesCell, { name, maximum: CLASS_MAX });
    else if (FORMULA_START.test(name)) add('classes', 'value.formula', classesCell, { character: name[0] });
    else if (checkName(name)) add('classes', 'name.control_character', classesCell);
  }
  if (classes.length > CLASSES_MAX) add('classes', 'value.too_long', classesCell, { maximum: CLASSES_MAX });

  if (role === 'member') {
    if (!firstName) add('firstName', 'first_name.required', '');
    if (!lastName) add('lastName', 'last_name.required', '');
    if (!profileCell) add('profile', 'profile.required', '');
  } else if (staff) {
    if (profileCell) add('profile', 'profile.only_for_members', profileCell);
    if (classes.length) add('classes', 'classes.only_for_members', classesCell);
    if (role === 'supervisor' && school) add('school', 'school.not_for_supervisors', schoolCell);
    if (role === 'administrator' && !school) add('school', 'school.required_for_administrators', '');
  }
  if (issues.length) password = null;

  return {
    row: { userName, firstName, lastName, displayName, email, role, profile, school, classes, externalId },
    password,
    issues,
  };
}

/** A row with more cells than the header line (`width`), and something in the extra cells. */
export function extraCells(cells: readonly string[], width: number): boolean {
  return cells.slice(width).some((cell) => cell.trim() !== '');
}

/** The row's password as typed ('' when none): report.csv asks to type again those it leaves out. */
export function passwordCell(cells: readonly string[], columns: readonly ImportColumn[]): string {
  const index = columns.indexOf('password');
  return index === -1 ? '' : (cells[index] ?? '');
}

/**
 * Empties, in place, what of a row must not be stored for report.csv: the password cell. When a row
 * has more cells than the header, a separator inside a value shifted the others to the right and the
 * password may sit in any later column: everything from the password column on is emptied.
 */
export function redactCells(cells: string[], columns: readonly ImportColumn[], shifted: boolean): string[] {
  const password = columns.indexOf('password');
  if (password === -1) return cells;
  for (let i = password; i < (shifted ? cells.length : Math.min(password + 1, cells.length)); i++) cells[i] = '';
  return cells;
}

/** A row whose cells are all empty (spreadsheets export formatted empty rows as `;;;;;;`). */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/**
 * Remembers usernames (and their look-alike skeletons) and external ids seen so far, to report a
 * later duplicate with its first line.
 */
export class DuplicateTracker {
  private readonly usernames = new Map<string, number>();
  private readonly skeletons = new Map<string, number>();
  private readonly externalIds = new Map<string, number>();

  /** Case-sensitive after NFC (SPEC §3: `JDupont` and `jdupont` are two accounts). */
  issues(row: ImportRow, line: number): ImportIssue[] {
    const issues: ImportIssue[] = [];
    const seen = (map: Map<string, number>, key: string | null, column: ImportColumn, code: string, value = key) => {
      if (!key) return false;
      const first = map.get(key);
      if (first === undefined) map.set(key, line);
      else issues.push({ line, column, value: value!, code, params: { firstLine: first } });
      return first !== undefined;
    };
    if (!seen(this.usernames, row.userName, 'userName', 'username.duplicate') && row.userName) {
      seen(this.skeletons, loginSkeleton(row.userName), 'userName', 'username.lookalike_in_file', row.userName);
    }
    seen(this.externalIds, row.externalId, 'externalId', 'external_id.duplicate');
    return issues;
  }
}
