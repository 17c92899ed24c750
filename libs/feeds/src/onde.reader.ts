import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { FeedError } from './errors';
import { emptyPerson, type FeedRecord } from './records';
import { isoDate, optional, required, SeenKeys, uai } from './values.rules';

/*
 * ONDE's CSV export of a primary school's pupils. Its headers vary a little between versions and
 * often carry stray spaces, so a header is compared trimmed, without accents or case; the encoding
 * (UTF-8, else Windows-1252) and the separator (; , or tab) are detected from the start of the file.
 */

const COLUMNS = {
  key: ['identifiant', 'identifiant eleve', 'ine', 'ine eleve', 'identifiant national eleve'],
  ine: ['ine', 'ine eleve', 'identifiant national eleve'],
  lastName: ['nom eleve', 'nom de famille eleve', 'nom d\'usage eleve', 'nom'],
  firstName: ['prenom eleve', 'prenom'],
  birthDate: ['date naissance', 'date de naissance'],
  className: ['classe', 'libelle classe'],
  uai: ['uai', 'code uai', 'uai ecole'],
} as const;
/** How a column is named in an error: ONDE's usual header. */
const LABELS: Record<keyof typeof COLUMNS, string> = {
  key: 'Identifiant élève', ine: 'INE', lastName: 'Nom élève', firstName: 'Prénom élève', birthDate: 'Date naissance', className: 'Classe', uai: 'UAI',
};
const REQUIRED: Array<keyof typeof COLUMNS> = ['key', 'lastName', 'firstName'];

export const isOnde = (name: string) => /\.csv$/i.test(name);

/** A header as compared: trimmed, spaces collapsed, no accents, lower case. */
export const headerKey = (header: string) =>
  header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

function encodingOf(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    // A multi-byte character cut at the end of the chunk is not an error: `stream` keeps it for later.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function separatorOf(firstLine: string): string {
  const counts = [';', ',', '\t'].map((separator) => [separator, firstLine.split(separator).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0][0];
}

export async function* readOnde(input: Readable, file: string, expectedUai: string): AsyncGenerator<FeedRecord> {
  const chunks = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head = await chunks.next();
  if (head.done) throw new FeedError('csv.missing_column', { file, record: 'line 1', params: { expected: LABELS.key } });
  const encoding = encodingOf(head.value);
  const separator = separatorOf(iconv.decode(head.value, encoding).split(/\r?\n/)[0]);
  const source = Readable.from((async function* () {
    yield head.value;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  })());
  const rows = source.pipe(iconv.decodeStream(encoding)).pipe(parse({ delimiter: separator, bom: true, relax_column_count: true, skip_empty_lines: true }));
  const ines = new SeenKeys('record.duplicate_ine');
  const keys = new SeenKeys('record.duplicate_key');
  type Columns = Partial<Record<keyof typeof COLUMNS, number>>;
  let columns: Columns | null = null;
  let line = 0;
  try {
    for await (const row of rows as AsyncIterable<string[]>) {
      line += 1;
      if (columns === null) {
        const headers = row.map(headerKey);
        columns = Object.fromEntries(
          Object.entries(COLUMNS).map(([field, names]) => [field, names.map((name) => headers.indexOf(name)).find((index) => index >= 0)]),
        ) as Columns;
        const missing = REQUIRED.find((field) => columns![field] === undefined);
        if (missing) throw new FeedError('csv.missing_column', { file, record: 'line 1', params: { expected: LABELS[missing] } });
        continue;
      }
      const cell = (field: keyof typeof COLUMNS) => (columns![field] === undefined ? undefined : row[columns![field]!]);
      const where = (field: keyof typeof COLUMNS) => ({ file, record: `line ${line}`, field: LABELS[field] });
      if (cell('uai')?.trim()) {
        const found = uai(cell('uai'), where('uai'));
        if (found !== expectedUai) throw new FeedError('file.wrong_uai', { ...where('uai'), params: { value: found, expected: expectedUai } });
      }
      const joinKey = required(cell('key'), where('key'));
      const ine = optional(cell('ine'));
      keys.check(joinKey, { ...where('key'), record: `line ${line}` });
      ines.check(ine, { ...where('ine'), record: `line ${line}` });
      const className = optional(cell('className'));
      yield {
        ...emptyPerson('onde', joinKey, 'student'),
        ine,
        lastName: required(cell('lastName'), where('lastName')),
        firstName: required(cell('firstName'), where('firstName')),
        birthDate: isoDate(cell('birthDate'), where('birthDate')),
        schools: [expectedUai],
        classes: className ? [{ uai: expectedUai, name: className }] : [],
      };
    }
  } catch (error) {
    if (error instanceof FeedError) throw error;
    throw new FeedError('csv.malformed', { file, record: `line ${line + 1}`, params: { line: line + 1 } });
  }
}
