/**
 * Which encoding a spreadsheet export uses, decided from its bytes (SPEC §5: UTF-8 with or without
 * BOM, else Windows-1252). ASCII reads the same in both, so the decision waits for the first bytes
 * above 0x7F: valid UTF-8 sequences mean UTF-8, anything else Windows-1252 (Excel's "CSV" on
 * French Windows).
 */
export type TextEncoding = 'utf-8' | 'windows-1252';

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Text files never hold a NUL byte; spreadsheets (xlsx, ods), PDFs, images and UTF-16 files do. */
export function looksBinary(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) !== -1;
}

export function firstNonAscii(bytes: Uint8Array, from = 0): number {
  for (let i = from; i < bytes.length; i++) if (bytes[i] > 0x7f) return i;
  return -1;
}

/** Length of the UTF-8 sequence starting at `i`; 0 when it is not valid UTF-8; -1 when cut by the end of `bytes`. */
export function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0; // overlong
    if (lead === 0xed) max = 0x9f; // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90;
    if (lead === 0xf4) max = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    if (i + k >= bytes.length) return -1;
    const byte = bytes[i + k];
    if (k === 1 ? byte < min || byte > max : byte < 0x80 || byte > 0xbf) return 0;
  }
  return length;
}

/**
 * The encoding of a file whose first bytes are `bytes`, or undefined while they are all ASCII (or
 * end inside the first sequence) and more may come. The first non-ASCII sequence decides: valid
 * UTF-8 means UTF-8 (a later invalid byte is then reported on its row, never silently re-read as
 * Windows-1252), anything else Windows-1252. With `final`, always decides (all ASCII: UTF-8).
 */
export function sniffEncoding(bytes: Uint8Array, final: boolean): TextEncoding | undefined {
  const i = firstNonAscii(bytes);
  if (i === -1) return final ? 'utf-8' : undefined;
  const length = utf8SequenceLength(bytes, i);
  if (length === -1) return final ? 'windows-1252' : undefined;
  return length === 0 ? 'windows-1252' : 'utf-8';
}
