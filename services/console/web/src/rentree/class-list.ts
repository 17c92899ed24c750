import type { ClassListRow } from './rentree-api';

/**
 * The class list a school exports (a CSV file the user picks): a header line with « identifiant »
 * (or « login ») or « ine », and « classe » (or « class »); `;` or `,` between the values, `;` when
 * the header has one (French spreadsheets). Read here, in the browser, and sent as JSON rows with
 * their line numbers: the API stays JSON, and identity names the lines it refuses.
 */
export type ClassListResult = { rows: ClassListRow[] } | { error: 'empty' | 'columns' | 'noRows' };

const HEADERS = { login: ['identifiant', 'login', 'username'], ine: ['ine'], className: ['classe', 'class', 'division'] } as const;

/** One line's values; a value in double quotes may hold the separator ("" is a quote). */
function splitLine(line: string, separator: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      current += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === separator && !quoted) {
      values.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  values.push(current);
  return values.map((value) => value.trim());
}

const folded = (header: string) => header.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();

export function parseClassList(text: string): ClassListResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) return { error: 'empty' };
  const separator = lines[headerIndex].includes(';') ? ';' : ',';
  const header = splitLine(lines[headerIndex], separator).map(folded);
  const column = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const login = column(HEADERS.login);
  const ine = column(HEADERS.ine);
  const className = column(HEADERS.className);
  if (className < 0 || (login < 0 && ine < 0)) return { error: 'columns' };
  const rows: ClassListRow[] = [];
  lines.forEach((line, index) => {
    if (index <= headerIndex || line.trim() === '') return;
    const values = splitLine(line, separator);
    const row: ClassListRow = { line: index + 1, className: values[className] ?? '' };
    // The login wins when a line has both: it names one account, an INE may name several.
    if (login >= 0 && values[login]) row.login = values[login];
    else if (ine >= 0 && values[ine]) row.ine = values[ine];
    rows.push(row);
  });
  return rows.length ? { rows } : { error: 'noRows' };
}
