import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { CsvFacts, HEADER_MAX_CHARS, RECORD_MAX_CHARS, readCsv } from './csv-reader';
import { FileProblem } from './csv-text';

const facts = (): CsvFacts => ({ bytes: 0, bom: false, lineEnding: '\n' });

/** Feeds `bytes` in small pieces, as a network would, and returns every record. */
async function read(bytes: Buffer, pieceSize = 7) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize) pieces.push(bytes.subarray(i, i + pieceSize));
  const f = facts();
  const records: string[][] = [];
  for await (const batch of readCsv(Readable.from(pieces), f)) records.push(...batch);
  return { records, facts: f };
}

const HEADER = 'userName;firstName;lastName';

describe('readCsv', () => {
  it('reads UTF-8 with a byte order mark, semicolons and CRLF', async () => {
    const { records, facts: f } = await read(Buffer.from(`\ufeff${HEADER}\r\nlea;Léa;Müller\r\nzoe;Zoë;Œuvre\r\n`, 'utf8'));
    expect(records).toEqual([['userName', 'firstName', 'lastName'], ['lea', 'Léa', 'Müller'], ['zoe', 'Zoë', 'Œuvre']]);
    expect(f).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';', lineEnding: '\r\n' });
    expect(f.sha256).toHaveLength(32);
  });

  it('reads Windows-1252 whose first accent comes late, byte by byte', async () => {
    const text = `${HEADER.replace(/;/g, ',')}\n${'a,b,c\n'.repeat(50)}eloise,Éloïse,Gaëlle’s\n`;
    const { records, facts: f } = await read(iconv.encode(text, 'windows-1252'), 1);
    expect(records.at(-1)).toEqual(['eloise', 'Éloïse', 'Gaëlle’s']);
    expect(f).toMatchObject({ encoding: 'windows-1252', bom: false, delimiter: ',', lineEnding: '\n' });
  });

  it('reads tabs, quoted separators, quotes and line breaks inside quotes, and keeps empty rows', async () => {
    const text = 'userName\tfirstName\n"jean\tdupont"\t"Jean ""Jo"", fils"\n\nmulti\t"deux\nlignes"\n';
    const { records, facts: f } = await read(Buffer.from(text));
    expect(f.delimiter).toBe('\t');
    expect(records).toEqual([['userName', 'firstName'], ['jean\tdupont', 'Jean "Jo", fils'], [''], ['multi', 'deux\nlignes']]);
  });

  it('marks bytes that are not UTF-8 in a UTF-8 file', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nLéa,'), Buffer.from([0xe9, 0x2c]), Buffer.from('x\n')]);
    const { records } = await read(bytes);
    expect(records[1]).toEqual(['Léa', '\ufffd', 'x']);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'file.empty'],
    ['a file of blank lines', Buffer.from('\r\n\r\n'), 'file.empty'],
    ['binary garbage', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]), 'file.binary'],
    ['a header that spans lines inside a quote', Buffer.from(`"userName\n${'a,b\n'.repeat(20_000)}`), 'file.unclosed_quote'],
    ['a quote never closed', Buffer.from('a,b\n"x,y\nz,w\n'), 'file.unclosed_quote'],
  ])('refuses %s', async (_name, bytes, code) => {
    await expect(read(bytes)).rejects.toMatchObject({ code });
    await expect(read(bytes)).rejects.toBeInstanceOf(FileProblem);
  });

  it('keeps stray quotes as typed, and says on which line a record cannot be read', async () => {
    expect((await read(Buffer.from('a,b\n"x"y,z\n'))).records[1]).toEqual(['"x"y', 'z']);
    const runaway = Buffer.from(`a,b\nc,d\n"${'x'.repeat(300_000)},z\n`);
    await expect(read(runaway, 64 * 1024)).rejects.toMatchObject({ code: 'file.line_too_long', line: 3, params: { line: 3, maximum: RECORD_MAX_CHARS } });
  });

  it('says on which line binary data starts', async () => {
    await expect(read(Buffer.from('a,b\nc,d\ne,\u0000f\n'), 3)).rejects.toMatchObject({ code: 'file.binary', line: 3, params: { line: 3 } });
  });

  /**
   * The three shapes of issue 12 that never got an answer: each is refused from its first bytes,
   * while the rest of the file has not arrived (the source below never ends: a reader that waited
   * for the end would never settle).
   */
  describe('refuses a file that cannot be read without waiting for the rest of it', () => {
    async function readUnended(start: Buffer) {
      const f = facts();
      const source = new Readable({ read: () => undefined });
      for (let i = 0; i < start.length; i += 64 * 1024) source.push(start.subarray(i, i + 64 * 1024));
      const problem = await (async () => {
        for await (const _batch of readCsv(source, f)) {
          // records before the problem
        }
      })().catch((error: unknown) => error);
      // The pipeline tears down on the next turns of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { problem, bytes: f.bytes, source };
    }
    const rows = (count: number) => Array.from({ length: count }, (_, i) => `eleve.${i},Léa,Martin\n`).join('');

    it('a quote opened on row 2 and never closed', async () => {
      const { problem, bytes, source } = await readUnended(Buffer.from(`userName,firstName,lastName\neleve.0,"Léa,Martin\n${rows(40_000)}`));
      expect(problem).toMatchObject({ code: 'file.unclosed_quote', line: 2, params: { line: 2 } });
      expect(bytes).toBeLessThan(1024 * 1024);
      expect(source.destroyed).toBe(true);
    });

    it('one long line without line breaks', async () => {
      const { problem, source } = await readUnended(Buffer.from(`userName${',x'.repeat(200_000)}`));
      expect(problem).toMatchObject({ code: 'file.line_too_long', line: 1, params: { line: 1, maximum: HEADER_MAX_CHARS } });
      expect(source.destroyed).toBe(true);
    });

    it('binary data', async () => {
      const { problem, source } = await readUnended(Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256)));
      expect(problem).toMatchObject({ code: 'file.binary', line: expect.any(Number) });
      expect(source.destroyed).toBe(true);
    });
  });
});
