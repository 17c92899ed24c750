import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { Delimiter, detectDelimiter, firstLine, lineEndingOf } from './delimiter.rules';
import { ByteMeter, CsvTextDecoder, FileProblem, UploadFacts } from './csv-text';

export interface CsvFacts extends UploadFacts {
  delimiter?: Delimiter;
  lineEnding: '\r\n' | '\n';
}

/** A header line longer than this is not a header (a file without line breaks, or not a CSV). */
export const HEADER_MAX_CHARS = 64 * 1024;
/** Records handed over at once. */
const BATCH_RECORDS = 500;
/** One record (row) at most: beyond, a quote was left open (the record spans lines) or the file is not a CSV. */
export const RECORD_MAX_CHARS = 256 * 1024;

/**
 * The records of an uploaded CSV, in batches, one array of cells per spreadsheet row (empty rows
 * included, so the n-th record is line n), read as the bytes arrive: bytes → encoding → separator from the header
 * line → csv-parse (quotes, CRLF). Iterating slowly slows the upload down (backpressure). Problems
 * with the whole file are thrown as FileProblem as soon as they are seen, the rest of the file
 * unread; `facts` is filled as the file is read.
 */
export async function* readCsv(source: Readable, facts: CsvFacts): AsyncGenerator<string[][]> {
  const text: Readable = pipeline(source, new ByteMeter(facts), new CsvTextDecoder(facts), () => undefined);
  try {
    yield* records(text, facts);
  } finally {
    // Stopped early (a problem, or the reader gave up): nothing keeps waiting on the source.
    text.destroy();
  }
}

async function* records(text: Readable, facts: CsvFacts): AsyncGenerator<string[][]> {
  const chunks = text[Symbol.asyncIterator]() as AsyncIterator<string>;
  let head = '';
  let header: string | undefined;
  for (;;) {
    header = firstLine(head);
    if (header !== undefined || head.length > HEADER_MAX_CHARS) break;
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
  }
  if (facts.bytes === 0 || head.trim() === '') throw new FileProblem('file.empty');
  if (header === undefined && head.length > HEADER_MAX_CHARS) throw tooLong(1, /[\r\n]/.test(head), HEADER_MAX_CHARS);
  header ??= head;
  facts.delimiter = detectDelimiter(header);
  facts.lineEnding = lineEndingOf(head, header);

  const rest = Readable.from(
    (async function* () {
      yield head;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  let linesRead = 0;
  const parser = rest.pipe(
    parse({
      delimiter: facts.delimiter,
      relax_column_count: true,
      // A quote inside an unquoted value ("Jean "Jo" Dupont") is kept as typed.
      relax_quotes: true,
      max_record_size: RECORD_MAX_CHARS,
      bom: false,
      // Where the last record ended: a record still growing past it spans lines, inside quotes.
      on_record: (record, context) => {
        linesRead = context.lines;
        return record;
      },
    }),
  );
  rest.on('error', (error) => parser.destroy(error));
  // Failures are read from `parser.errored` by the loop below, whether or not it is waiting then.
  parser.on('error', () => undefined);
  let line = 0;
  try {
    // Records are taken by the batch, synchronously, as they are ready: one promise per batch, not per row.
    for (;;) {
      const batch: string[][] = [];
      let record: string[] | null;
      while (batch.length < BATCH_RECORDS && (record = parser.read()) !== null) batch.push(record);
      if (batch.length) {
        line += batch.length;
        yield batch;
        continue;
      }
      if (parser.readableEnded) return;
      await readable(parser);
    }
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    if (error instanceof CsvError) {
      // The parser reads ahead of this loop: its own count of records says where it stopped.
      const at = Math.max(line, Number((error as CsvError & { records?: number }).records ?? 0)) + 1;
      if (error.code === 'CSV_MAX_RECORD_SIZE') {
        const spansLines = Number((error as CsvError & { lines?: number }).lines ?? 0) > linesRead + 1;
        throw tooLong(at, spansLines, RECORD_MAX_CHARS);
      }
      throw new FileProblem(error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'file.unclosed_quote' : 'file.malformed', at, { line: at });
    }
    throw error;
  }
}

/**
 * A record (or header) past its maximum length: one that spans several lines can only be inside a
 * quote never closed; one long line is not a spreadsheet's row (no line breaks, or not a CSV).
 */
function tooLong(line: number, spansLines: boolean, maximum: number): FileProblem {
  return spansLines ? new FileProblem('file.unclosed_quote', line, { line }) : new FileProblem('file.line_too_long', line, { line, maximum });
}

/** Resolves when `stream` has something to read or has ended; rejects when it fails. */
function readable(stream: Readable): Promise<void> {
  if (stream.errored) return Promise.reject(stream.errored);
  if (stream.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const ready = () => {
      stop();
      resolve();
    };
    const failed = (error: Error) => {
      stop();
      reject(error);
    };
    const stop = () => stream.off('readable', ready).off('end', ready).off('error', failed);
    stream.on('readable', ready).on('end', ready).on('error', failed);
  });
}
