import iconv from 'iconv-lite';
import { looksBinary, sniffEncoding, startsWithBom, utf8SequenceLength } from './encoding.rules';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cp1252 = (text: string) => iconv.encode(text, 'windows-1252');

describe('sniffEncoding', () => {
  it('waits while everything is ASCII, and calls an all-ASCII file UTF-8 at the end', () => {
    expect(sniffEncoding(utf8('userName,firstName\njdupont,Jean\n'), false)).toBeUndefined();
    expect(sniffEncoding(utf8('userName,firstName\njdupont,Jean\n'), true)).toBe('utf-8');
  });

  it('recognises UTF-8 accents', () => {
    expect(sniffEncoding(utf8('x,Léa,Éloïse,Zoë,Œdipe,€\n'), false)).toBe('utf-8');
  });

  it('recognises Windows-1252 accents, wherever the first one is', () => {
    expect(sniffEncoding(cp1252('x,Léa\n'), false)).toBe('windows-1252');
    expect(sniffEncoding(cp1252(`${'a,b\n'.repeat(1000)}x,Zoë,’\n`), false)).toBe('windows-1252');
    // é is 0xE9, which opens a three-byte UTF-8 sequence that the next letter does not continue.
    expect(sniffEncoding(cp1252('Hélène,Gaëlle'), false)).toBe('windows-1252');
  });

  it('waits when the first sequence is cut by the end of the chunk, and decides at the end', () => {
    const cut = utf8('Léa').subarray(0, 2);
    expect(sniffEncoding(cut, false)).toBeUndefined();
    expect(sniffEncoding(cut, true)).toBe('windows-1252');
  });

  it('lets the first accent decide: a UTF-8 file with a stray byte later stays UTF-8', () => {
    expect(sniffEncoding(Buffer.concat([utf8('Léa,'), cp1252('René')]), false)).toBe('utf-8');
  });

  it('refuses overlong forms and surrogates as UTF-8', () => {
    expect(utf8SequenceLength(Buffer.from([0xc0, 0xaf]), 0)).toBe(0);
    expect(utf8SequenceLength(Buffer.from([0xe0, 0x80, 0xaf]), 0)).toBe(0);
    expect(utf8SequenceLength(Buffer.from([0xed, 0xa0, 0x80]), 0)).toBe(0);
    expect(utf8SequenceLength(Buffer.from([0xf0, 0x9f, 0x98, 0x80]), 0)).toBe(4);
  });
});

describe('startsWithBom and looksBinary', () => {
  it('sees the UTF-8 byte order mark', () => {
    expect(startsWithBom(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe(true);
    expect(startsWithBom(utf8('userName'))).toBe(false);
  });

  it('calls a file with a NUL byte binary (xlsx, UTF-16), never a text file', () => {
    expect(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe(true);
    expect(looksBinary(Buffer.from('\ufeffuserName', 'utf16le'))).toBe(true);
    expect(looksBinary(cp1252('userName;firstName\r\njdupont;Hélène\r\n'))).toBe(false);
  });
});
