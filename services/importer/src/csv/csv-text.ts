import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { TextEncoding, firstNonAscii, looksBinary, sniffEncoding, startsWithBom } from './encoding.rules';

/** A problem with the file as a whole: it ends the reading and becomes an issue of the report. */
export class FileProblem extends Error {
  constructor(
    readonly code: string,
    readonly line = 1,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'FileProblem';
  }
}

/** What is learnt about an upload while it streams through. */
export interface UploadFacts {
  bytes: number;
  sha256?: Buffer;
  encoding?: TextEncoding;
  bom: boolean;
}

/** Counts and hashes the bytes that pass (the SHA-256 recognises a file uploaded twice). */
export class ByteMeter extends Transform {
  private readonly hash = createHash('sha256');

  constructor(private readonly facts: UploadFacts) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.facts.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.facts.sha256 = this.hash.digest();
    done();
  }
}

/**
 * Bytes in, text out, in the file's encoding: the byte order mark is dropped (and remembered), ASCII
 * passes at once, and the encoding is decided at the first byte above 0x7F (see encoding.rules).
 * Invalid UTF-8 after that becomes U+FFFD, which the row rules report. A NUL byte means the file is
 * not text at all.
 */
export class CsvTextDecoder extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private started = false;
  /** Line breaks passed so far: a NUL byte is reported on its line. */
  private lineBreaks = 0;
  private decode?: (bytes: Buffer) => string;
  private finish?: () => string;

  constructor(private readonly facts: UploadFacts) {
    super({ decodeStrings: true, readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (looksBinary(chunk)) {
      const line = this.lineBreaks + countLineBreaks(chunk, chunk.indexOf(0)) + 1;
      return done(new FileProblem('file.binary', line, { line }));
    }
    this.lineBreaks += countLineBreaks(chunk, chunk.length);
    let bytes: Buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    if (!this.started) {
      if (bytes.length < 3 && startsWithBomPrefix(bytes)) {
        this.pending = bytes;
        return done();
      }
      this.started = true;
      if (startsWithBom(bytes)) {
        this.facts.bom = true;
        this.choose('utf-8');
        bytes = bytes.subarray(3);
      }
    }
    done(null, this.text(bytes, false) || undefined);
  }

  override _flush(done: TransformCallback): void {
    const rest = this.text(this.pending, true);
    this.pending = Buffer.alloc(0);
    this.choose(this.facts.encoding ?? 'utf-8');
    done(null, rest + this.finish!() || undefined);
  }

  private text(bytes: Buffer, final: boolean): string {
    if (this.decode) return this.decode(bytes);
    const encoding = sniffEncoding(bytes, final);
    if (encoding) {
      this.choose(encoding);
      return this.decode!(bytes);
    }
    // Still undecided: what precedes the first non-ASCII byte reads the same in both encodings.
    const cut = firstNonAscii(bytes);
    if (cut === -1) return bytes.toString('latin1');
    this.pending = bytes.subarray(cut);
    return bytes.subarray(0, cut).toString('latin1');
  }

  private choose(encoding: TextEncoding): void {
    if (this.decode) return;
    this.facts.encoding = encoding;
    if (encoding === 'utf-8') {
      const decoder = new StringDecoder('utf8');
      this.decode = (bytes) => decoder.write(bytes);
      this.finish = () => decoder.end();
    } else {
      const decoder = iconv.getDecoder('windows-1252');
      this.decode = (bytes) => decoder.write(bytes);
      this.finish = () => decoder.end() ?? '';
    }
  }
}

/** LF bytes before `end` (CRLF counts once; a lone CR, as old Macs wrote, not at all: csv-parse reads it the same). */
function countLineBreaks(bytes: Buffer, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

function startsWithBomPrefix(bytes: Buffer): boolean {
  return bytes.length === 0 || (bytes[0] === 0xef && (bytes.length < 2 || bytes[1] === 0xbb));
}
