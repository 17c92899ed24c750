/** Separators spreadsheets write: comma (English), semicolon (French Excel), tab ("text" exports). */
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The first line of `text` (up to its line break, outside quotes), or undefined while no line
 * break has arrived yet.
 */
export function firstLine(text: string): string | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return undefined;
}

/**
 * The separator of a file, read from its header line: the one that appears most often outside
 * quotes (headers hold no separator of their own). A file with a single column reads as commas.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c as Delimiter)) counts.set(c as Delimiter, counts.get(c as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** CRLF when the header line ends with one (Windows exports), else LF: the report keeps the file's style. */
export function lineEndingOf(text: string, headerLine: string): '\r\n' | '\n' {
  return text.slice(headerLine.length, headerLine.length + 2) === '\r\n' ? '\r\n' : '\n';
}
