import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { settled, validated } from './imports-support';

const HEADER = 'userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const COLUMNS = 'Nom;Prénom;Profil;Identifiant;Code d’activation;Adresse e-mail;Classes;Date de création';

/** GET /users/export.csv as bytes, with its headers. */
async function exported(stack: Stack, token: string, query: string, language = 'fr') {
  const response = await fetch(`${stack.api.baseUrl}/api/v1/users/export.csv${query}`, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': language },
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}
const lines = (bytes: Buffer) => bytes.subarray(3).toString('utf8').split('\r\n').slice(0, -1);

/**
 * The « Imports / Exports » rubric: an import's accounts found again by their import, and the
 * selection of GET /users (same filters, same order, same columns) exported as CSV, page by page.
 */
describe('exporting the selection', () => {
  let stack: Stack;
  let d: Directory;
  let importId: string;

  beforeAll(async () => {
    stack = await startStack({ importer: { IMPORT_HASH_THREADS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' } });
    d = await seedDirectory(stack.api);
    // More accounts than one page of identity's answers (500): the export has to walk every page.
    const rows = Array.from({ length: 612 }, (_, i) => `lot.${String(i).padStart(3, '0')};Élise;Durand ${String(i).padStart(3, '0')};;;;;student;0750001U;6e B;`);
    rows.push('jean.zebre;Jean;Zèbre;;;;;student;0750001U;;');
    const file = Buffer.from([HEADER, ...rows].join('\n') + '\n', 'utf8');
    const report = await validated(stack.api, d.tokens.administrator, file);
    expect(report).toMatchObject({ status: 'ready', validRows: 613 });
    const admin = stack.api.as(d.tokens.administrator);
    expect((await admin.post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
    expect(await settled(admin, report.id, 60_000)).toMatchObject({ status: 'done', createdAccounts: 613 });
    importId = report.id;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('streams every account of the selection, in the list’s order, as UTF-8 with a BOM and semicolons', async () => {
    const answer = await exported(stack, d.tokens.administrator, `?importId=${importId}&page=3&pageSize=7`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''comptes-\d{4}-\d\d-\d\d\.csv$/);
    expect(answer.headers.get('x-total-count')).toBe('613');
    // Activation codes inside: never kept by a cache on the way.
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.bytes.subarray(0, 3)).toEqual(BOM);
    const text = lines(answer.bytes);
    expect(text[0]).toBe(COLUMNS);
    // Paging ignored: all 613, alphabetical (Durand 000 … Durand 611, then Zèbre).
    expect(text).toHaveLength(614);
    expect(text[1]).toMatch(/^Durand 000;Élise;Élève;lot\.000;[a-z0-9]{8};;6e B;\d\d\/\d\d\/\d{4}$/);
    expect(text[612]).toMatch(/^Durand 611;Élise;Élève;lot\.611;/);
    expect(text[613]).toMatch(/^Zèbre;Jean;Élève;jean\.zebre;[a-z0-9]{8};;;/);
    expect(new Set(text.slice(1).map((line) => line.split(';')[3])).size).toBe(613);
  });

  it('takes the same filters as GET /users, in the caller’s language', async () => {
    const admin = stack.api.as(d.tokens.administrator);
    const listed = await admin.get(`/api/v1/users?q=Durand 01&sort=name`);
    const answer = await exported(stack, d.tokens.administrator, `?q=${encodeURIComponent('Durand 01')}&sort=name`, 'en');
    const text = lines(answer.bytes);
    expect(text[0]).toBe('Last name;First name;Profile;Username;Activation code;Email address;Classes;Creation date');
    expect(text.slice(1).map((line) => line.split(';')[3])).toEqual(listed.body.items.map((u: { username: string }) => u.username));
    expect(text[1]).toMatch(/^Durand 001;Élise;Student;lot\.001;/);

    const one = lines((await exported(stack, d.tokens.manager, `?q=${encodeURIComponent(d.memberA.username)}`)).bytes);
    expect(one).toHaveLength(2);
    expect(one[1]).toContain(`;${d.memberA.username};`);
  });

  it('shows each role what its list shows: no activation code to a member, nothing outside the scope', async () => {
    const member = lines((await exported(stack, d.tokens.member, '')).bytes);
    expect(member).toHaveLength(2);
    expect(member[1].split(';')[4]).toBe('');
    const other = await exported(stack, d.tokens.adminB, `?importId=${importId}`);
    expect(other.status).toBe(200);
    expect(lines(other.bytes)).toEqual([COLUMNS]);
  });

  it('refuses what GET /users refuses, as a problem', async () => {
    const answer = await exported(stack, d.tokens.administrator, '?importId=pas-un-import');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect((await exported(stack, 'not.a.token', '')).status).toBe(401);
  });
});
