import { csvRecords, supervisorRows } from './file-scan';

const HEADER = 'userName;firstName;lastName;displayName;password;email;role';

describe('supervisorRows: the supervisors of a file, before it is sent', () => {
  it('counts the rows whose role is S, in either case, whatever the separator', () => {
    expect(supervisorRows(`${HEADER}\r\nvie.scolaire;;;;une phrase;v@x.fr;S\r\nlea;Léa;Martin;;;;\r\nsurveillant;;;;p;s@x.fr; s \r\n`)).toBe(2);
    expect(supervisorRows(`\ufeff${HEADER.replaceAll(';', ',')}\nvie,,,,"a, b",v@x.fr,S\n`)).toBe(1);
    expect(supervisorRows(`${HEADER.replaceAll(';', '\t')}\nadmin\t\t\t\tp\ta@x.fr\tA\n`)).toBe(0);
  });

  it('reads quoted cells holding separators, quotes and line breaks', () => {
    expect(supervisorRows(`${HEADER}\n"a;b";"Jean ""Jo""";"ligne\nsuivante";;p;e@x.fr;S\n`)).toBe(1);
    expect([...csvRecords('a;"b\n""c""";d\r\ne', ';')]).toEqual([['a', 'b\n"c"', 'd'], ['e']]);
  });

  it('finds none in a file without a role column or without rows', () => {
    expect(supervisorRows('userName;firstName\nS;S\n')).toBe(0);
    expect(supervisorRows('')).toBe(0);
    expect(supervisorRows(HEADER)).toBe(0);
  });
});
