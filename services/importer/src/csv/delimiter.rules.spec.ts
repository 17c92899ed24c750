import { detectDelimiter, firstLine, lineEndingOf } from './delimiter.rules';

const HEADER = ['userName', 'firstName', 'lastName', 'displayName', 'password', 'email', 'role'];

describe('detectDelimiter', () => {
  it.each([
    [',', HEADER.join(',')],
    [';', HEADER.join(';')],
    ['\t', HEADER.join('\t')],
  ])('finds %j in a header line', (expected, line) => {
    expect(detectDelimiter(line)).toBe(expected);
  });

  it('ignores separators inside quotes', () => {
    expect(detectDelimiter('"a,b,c,d";"e";"f"')).toBe(';');
  });

  it('reads a single column as commas', () => {
    expect(detectDelimiter('userName')).toBe(',');
  });
});

describe('firstLine and lineEndingOf', () => {
  it('waits for the line break, outside quotes', () => {
    expect(firstLine('userName,firstName')).toBeUndefined();
    expect(firstLine('"user\nName",x\nnext')).toBe('"user\nName",x');
    expect(firstLine('a;b\r\nc;d')).toBe('a;b');
  });

  it('keeps the style of line breaks', () => {
    expect(lineEndingOf('a;b\r\nc;d', 'a;b')).toBe('\r\n');
    expect(lineEndingOf('a;b\nc;d', 'a;b')).toBe('\n');
  });
});
