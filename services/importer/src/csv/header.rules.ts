import { IMPORT_COLUMNS, ImportColumn, ImportIssue, MEMBER_COLUMNS, REPORT_ERROR_COLUMN, STAFF_COLUMNS } from '@sesame/contracts';

/**
 * Headers people write instead of Collaborate's, folded (lower case, no accent, letters and digits
 * only), and the header they meant. Collaborate refuses them all; Sesame refuses them too, but says
 * which header to write (SPEC §5: "`Last Name`: did you mean `lastName`?").
 */
export const HEADER_SUGGESTIONS: Readonly<Record<string, ImportColumn>> = {
  username: 'userName',
  user: 'userName',
  login: 'userName',
  identifiant: 'userName',
  utilisateur: 'userName',
  nomdutilisateur: 'userName',
  nomutilisateur: 'userName',
  firstname: 'firstName',
  first: 'firstName',
  givenname: 'firstName',
  prenom: 'firstName',
  lastname: 'lastName',
  last: 'lastName',
  surname: 'lastName',
  familyname: 'lastName',
  nom: 'lastName',
  nomdefamille: 'lastName',
  displayname: 'displayName',
  pseudo: 'displayName',
  pseudonyme: 'displayName',
  nomaffiche: 'displayName',
  password: 'password',
  pass: 'password',
  pwd: 'password',
  motdepasse: 'password',
  mdp: 'password',
  email: 'email',
  mail: 'email',
  emailaddress: 'email',
  courriel: 'email',
  adressemail: 'email',
  adresseemail: 'email',
  adressecourriel: 'email',
  adresseelectronique: 'email',
  role: 'role',
  profile: 'profile',
  profil: 'profile',
  school: 'school',
  uai: 'school',
  rne: 'school',
  etablissement: 'school',
  classes: 'classes',
  class: 'classes',
  classe: 'classes',
  externalid: 'externalId',
  identifiantexterne: 'externalId',
  idexterne: 'externalId',
};

/** `Nom d'utilisateur` → `nomdutilisateur`, `Prénom` → `prenom`, `E-mail` → `email`. */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The header someone meant, or null when nothing comes close. */
export function suggestColumn(header: string): ImportColumn | null {
  return HEADER_SUGGESTIONS[foldHeader(header)] ?? null;
}

const isColumn = (value: string): value is ImportColumn => (IMPORT_COLUMNS as readonly string[]).includes(value);

export interface HeaderCheck {
  /** The columns in file order, when the header is right. */
  columns: ImportColumn[] | null;
  /**
   * Cells of the header line, the ignored report columns included: a row's cells past this width
   * are extra cells (a separator inside a value), those between `columns` and it are ignored.
   */
  width: number;
  issues: ImportIssue[];
}

const REPORT_COLUMN_TITLES = new Set<string>(Object.values(REPORT_ERROR_COLUMN));

/**
 * The error column report.csv adds (`erreurs`, or `erreurs : <the file's problems>`, in either
 * language): the annotated file, corrected, must load as it is, so that column is ignored.
 */
export function isReportColumn(header: string): boolean {
  const title = header.trim().split(/\s*:/, 1)[0].trim().toLowerCase();
  return REPORT_COLUMN_TITLES.has(title);
}

/**
 * Checks the header line: Collaborate's seven columns exactly, in order, then member columns in
 * their order, each at most once. Spaces around a header and empty trailing headers (spreadsheets
 * add them) are ignored, and so is the error column of report.csv after them.
 */
export function checkHeader(raw: readonly string[]): HeaderCheck {
  const cells = raw.map((cell, i) => (i === 0 ? cell.replace(/^\ufeff/, '') : cell).trim());
  while (cells.length && cells[cells.length - 1] === '') cells.pop();
  const width = cells.length;
  // The report's own columns, last (a report of a report has two): read, then set aside.
  while (cells.length > 1 && isReportColumn(cells[cells.length - 1])) cells.pop();
  const issues: ImportIssue[] = [];
  const issue = (column: string, code: string, params: Record<string, string | number>) =>
    issues.push({ line: 1, column, value: column, code, params });

  const meant = cells.map((cell) => (isColumn(cell) ? cell : suggestColumn(cell)));
  cells.forEach((cell, i) => {
    if (cell === '') issue('', 'header.empty', { position: i + 1 });
    else if (!isColumn(cell)) {
      if (meant[i]) issue(cell, 'header.suggestion', { expected: meant[i]! });
      else issue(cell, 'header.unknown', {});
    } else if (cells.indexOf(cell) !== i) issue(cell, 'header.duplicate', {});
  });
  STAFF_COLUMNS.forEach((column, i) => {
    if (!meant.includes(column)) issue('', 'header.missing', { expected: column, position: i + 1 });
  });
  if (issues.length) return { columns: null, width, issues };

  const present = new Set(cells);
  const expected = [...STAFF_COLUMNS, ...MEMBER_COLUMNS.filter((c) => present.has(c))];
  cells.forEach((cell, i) => {
    if (cell !== expected[i]) issue(cell, 'header.order', { expected: expected[i], position: i + 1 });
  });
  return issues.length ? { columns: null, width, issues } : { columns: cells as ImportColumn[], width, issues };
}
