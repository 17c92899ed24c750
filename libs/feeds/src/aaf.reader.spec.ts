import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAafFile } from './aaf.reader';
import { readDelivery } from './delivery';
import { FeedRecordSchema } from './records';
import { collect, failure, fixture, open, persons } from './fixtures.spec-helper';

const AAF_2D = 'ok/aaf-2d';
const delivery2d = () => readdirSync(fixture(AAF_2D)).map((name) => fixture(`${AAF_2D}/${name}`));

describe('AAF 2D delivery', () => {
  it('reads the schools first, then every person with every field mapped', async () => {
    const records = await collect(readDelivery(delivery2d()));
    for (const record of records) FeedRecordSchema.parse(record);
    expect(records.filter((record) => record.kind === 'school')).toEqual([
      { kind: 'school', source: 'aaf', uai: '0750001U', name: 'LYCEE DES CHENES IMAGINAIRES' },
      { kind: 'school', source: 'aaf', uai: '0750002V', name: 'COLLEGE DES TILLEULS INVENTES' },
      { kind: 'school', source: 'aaf', uai: '0931001H', name: 'LYCEE PROFESSIONNEL DU CANAL FICTIF' },
    ]);
    expect(records.findIndex((record) => record.kind === 'person')).toBe(3);
    const byKey = new Map(persons(records).map((person) => [person.joinKey, person]));
    expect([...byKey.keys()].sort()).toEqual(['1001', '1002', '1003', '2001', '2002', '3001', '3002']);
    expect(byKey.get('1001')).toEqual({
      kind: 'person', source: 'aaf', joinKey: '1001', ine: '0000000001A', lastName: 'Lenoir-Fictif', firstName: 'Zoé',
      birthDate: '2010-07-14', profile: 'student', schools: ['0750001U'], classes: [{ uai: '0750001U', name: '2NDE1' }],
      email: 'zoe.lenoir@exemple.invalid', mobile: null, functions: [], exitDate: null,
      relatives: [
        { childKey: '1001', relativeKey: '2001', legal: 1, kinship: '10', financial: true, contact: true },
        // légal = 2 is kept as written: the académie's setting decides whether it links.
        { childKey: '1001', relativeKey: '2002', legal: 2, kinship: '20', financial: false, contact: true },
      ],
    });
    expect(byKey.get('1003')).toMatchObject({ birthDate: '2008-02-29', schools: ['0931001H'], classes: [{ uai: '0931001H', name: '1CAP-ELEC' }] });
    expect(byKey.get('2001')).toMatchObject({
      profile: 'relative', ine: null, email: 'camille.lenoir@exemple.invalid', mobile: '0600000001',
      relatives: [
        { childKey: '1001', relativeKey: '2001', legal: null, kinship: null, financial: null, contact: null },
        { childKey: '1002', relativeKey: '2001', legal: null, kinship: null, financial: null, contact: null },
      ],
    });
    expect(byKey.get('3001')).toMatchObject({
      profile: 'teacher', birthDate: '1980-11-05', schools: ['0750001U', '0750002V'],
      classes: [{ uai: '0750001U', name: '2NDE1' }, { uai: '0750002V', name: '4EME2' }],
      functions: ['0750001U$ENS$ENSEIGNEMENT$L0201$LETTRES CLASSIQUES'], email: 'alix.petit@exemple.invalid',
    });
    expect(byKey.get('3002')).toMatchObject({ profile: 'personnel', schools: ['0750002V'], classes: [], mobile: '0600000002' });
  });

  it('refuses a delivery missing a part before reading any record', async () => {
    const dir = 'not-ok/missing-part';
    const files = readdirSync(fixture(dir)).map((name) => fixture(`${dir}/${name}`));
    expect(await failure(readDelivery(files))).toMatchObject({ code: 'delivery.missing_part', params: { expected: 'Eleve' } });
  });

  it('names the file, the record and the field of a malformed date', async () => {
    const file = 'malformed-date_Complet_20260901_Eleve_0000.xml';
    expect(await failure(readAafFile(open(`not-ok/${file}`), file))).toEqual({
      code: 'date.malformed', file, record: 'Eleve 1002', field: 'ENTPersonDateNaissance', params: { value: '31/02/2012' },
    });
  });

  it('refuses a file that stops before its end', async () => {
    const file = 'truncated_Complet_20260901_Eleve_0000.xml';
    expect(await failure(readAafFile(open(`not-ok/${file}`), file))).toMatchObject({ code: 'xml.truncated', file });
  });

  it('refuses a file whose name does not say its entity, and an INE given twice across files', async () => {
    const file = 'unknown-entity_Complet_20260901_Classe_0000.xml';
    expect(await failure(readDelivery([fixture(`not-ok/${file}`)]))).toMatchObject({ code: 'file.unknown_entity', file });
    const eleve = fixture(`${AAF_2D}/ENTAAF_Complet_20260901_Eleve_0000.xml`);
    const again = delivery2d().filter((path) => !path.endsWith('Eleve_0001.xml'));
    // The same students under a second chunk's name: every INE comes twice.
    const dir = mkdtempSync(join(tmpdir(), 'aaf-'));
    const copy = join(dir, 'ENTAAF_Complet_20260901_Eleve_0002.xml');
    copyFileSync(eleve, copy);
    expect(await failure(readDelivery([...again, copy]))).toMatchObject({
      code: 'record.duplicate_ine', file: 'ENTAAF_Complet_20260901_Eleve_0002.xml', record: 'Eleve 1001', field: 'ENTEleveINE',
      params: { value: '0000000001A', first: 'Eleve 1001' },
    });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('AAF 1D file', () => {
  it('reads the renamed fields (ENTPersonNom, ENTPersonPrenom, ENTEleveAutoriteParentale)', async () => {
    const file = 'ENTAAF1D_Complet_20260901_Eleve_0000.xml';
    const [student] = persons(await collect(readAafFile(open(`ok/aaf-1d/${file}`), file)));
    expect(student).toMatchObject({
      joinKey: '5001', ine: '0000000005E', lastName: 'Garnier-Fable', firstName: 'Noé', birthDate: '2019-09-09',
      schools: ['0750010D'], classes: [{ uai: '0750010D', name: 'CP-A' }],
      relatives: [
        { childKey: '5001', relativeKey: '6001', legal: 1, kinship: null, financial: null, contact: null },
        { childKey: '5001', relativeKey: '6002', legal: 1, kinship: null, financial: null, contact: null },
      ],
    });
  });
});
