/*
 * What the upload form reads of a chosen file before sending it: whether it has supervisor rows
 * (role S), which need the manager to choose their administrator. The importer decides; this only
 * spares an upload that would come back refused for a choice of the form, not of the spreadsheet.
 */

/** Read from the start of a file: enough for any class list; beyond, the importer's report says it. */
export const SCAN_BYTES = 8 * 1024 * 1024;

/** The separator of the header line, as the importer picks it: the most frequent of `;` `,` tab. */
function delimiterOf(header: string): string {
  const counts = [';', ',', '\t'].map((d) => ({ d, n: header.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].d : ',';
}

/** The records of a CSV text (quotes, doubled quotes, CRLF), lazily, one array of cells each. */
export function* csvRecords(text: string, delimiter: string): Generator<string[]> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      yield cells;
      cells = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || cells.length) yield [...cells, cell];
}

/** How many rows of a Collaborate CSV's text are supervisors (role `S`); 0 without a role column. */
export function supervisorRows(text: string): number {
  const body = text.replace(/^\ufeff/, '');
  const firstBreak = body.search(/\r|\n/);
  const delimiter = delimiterOf(firstBreak === -1 ? body : body.slice(0, firstBreak));
  const records = csvRecords(body, delimiter);
  const header = records.next();
  if (header.done) return 0;
  const role = header.value.findIndex((cell) => cell.trim() === 'role');
  if (role === -1) return 0;
  let count = 0;
  for (const cells of records) if ((cells[role] ?? '').trim().toUpperCase() === 'S') count++;
  return count;
}

/** The start of a file as text: UTF-8 when it is, else Windows-1252 (the importer's two encodings). */
export async function fileHead(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.slice(0, SCAN_BYTES).arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Cut inside a character at SCAN_BYTES, or not UTF-8: either way the role column reads the same.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
