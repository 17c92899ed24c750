import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { CsvFacts, readCsv } from './csv-reader';
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
    ['a quote never closed', Buffer.from('a,b\n"x,y\nz,w\n'), 'file.unclosed_quote'],
  ])('refuses %s', async (_name, bytes, code) => {
    await expect(read(bytes)).rejects.toMatchObject({ code });
    await expect(read(bytes)).rejects.toBeInstanceOf(FileProblem);
  });

  it('keeps stray quotes as typed, and says on which line a record cannot be read', async () => {
    expect((await read(Buffer.from('a,b\n"x"y,z\n'))).records[1]).toEqual(['"x"y', 'z']);
    const runaway = Buffer.from(`a,b\nc,d\n"${'x'.repeat(300_000)},z\n`);
    await expect(read(runaway, 64 * 1024)).rejects.toMatchObject({ code: 'file.malformed', line: 3 });
  });
});
