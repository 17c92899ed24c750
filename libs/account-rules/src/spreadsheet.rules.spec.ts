import { neutralizeCell } from './spreadsheet.rules';

describe('neutralizeCell', () => {
  it.each(['=1+1', '+33 6 12', '-2', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://evil","clic")'])('neutralises %j', (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });

  it('leaves ordinary values alone', () => {
    expect(neutralizeCell('Éloïse')).toBe('Éloïse');
    expect(neutralizeCell('Jean-Marc')).toBe('Jean-Marc');
    expect(neutralizeCell('a=b')).toBe('a=b');
    expect(neutralizeCell('')).toBe('');
  });
});
