import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openDelivery, readDelivery } from './delivery';
import { readOnde } from './onde.reader';
import { readSts } from './sts.reader';
import { collect, failure, fixture, persons } from './fixtures.spec-helper';

const SCHOOL = '0750001U';
const scratches: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'feeds-'));
  scratches.push(dir);
  return dir;
};
afterAll(() => scratches.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('routing a delivery', () => {
  it('tells a renamed SIECLE export by its root element', async () => {
    const renamed = join(scratch(), 'export-eleves-2026.xml');
    copyFileSync(fixture('ok/siecle/ElevesSansAdresses.xml'), renamed);
    const students = persons(await collect(readDelivery([renamed], { uai: SCHOOL })));
    expect(students.map((student) => student.joinKey)).toEqual(['700001', '700002']);
  });

  it('refuses a file that is none of the formats, and a zip that is not one', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.xml'), '<?xml version="1.0"?><notes><note/></notes>');
    writeFileSync(join(dir, 'eleves.zip'), 'not a zip');
    expect(await failure(readDelivery([join(dir, 'notes.xml')], { uai: SCHOOL }))).toMatchObject({ code: 'file.unknown', file: 'notes.xml' });
    expect(await failure(readDelivery([join(dir, 'eleves.zip')], { uai: SCHOOL }))).toMatchObject({ code: 'zip.malformed', file: 'eleves.zip' });
  });
});

describe('a delivery uploaded as AAF or as a school export', () => {
  it('refuses a school export slipped into an AAF delivery, and an AAF file in a school export', async () => {
    const dir = scratch();
    for (const name of ['EtabEducNat_0000', 'Eleve_0000', 'PersRelEleve_0000', 'PersEducNat_0000']) {
      copyFileSync(fixture(`ok/aaf-2d/ENTAAF_Complet_20260901_${name}.xml`), join(dir, `ENTAAF_Complet_20260901_${name}.xml`));
    }
    copyFileSync(fixture('ok/siecle/ElevesSansAdresses.xml'), join(dir, 'ElevesSansAdresses.xml'));
    const aafFiles = ['EtabEducNat_0000', 'Eleve_0000', 'PersRelEleve_0000', 'PersEducNat_0000'].map((name) => join(dir, `ENTAAF_Complet_20260901_${name}.xml`));
    expect(await failure(readDelivery([...aafFiles, join(dir, 'ElevesSansAdresses.xml')], { kind: 'aaf' }))).toMatchObject({
      code: 'delivery.not_aaf', file: 'ElevesSansAdresses.xml', params: { value: 'SIECLE' },
    });
    expect(await failure(readDelivery([join(dir, 'ElevesSansAdresses.xml'), aafFiles[1]], { kind: 'school', uai: SCHOOL }))).toMatchObject({
      code: 'delivery.not_school_export', file: 'ENTAAF_Complet_20260901_Eleve_0000.xml',
    });
    expect(persons(await collect(readDelivery([join(dir, 'ElevesSansAdresses.xml')], { kind: 'school', uai: SCHOOL }))).length).toBe(2);
  });

  it('names every file of a delivery, a zip’s entries in place of the zip', async () => {
    const delivery = await openDelivery([fixture('ok/siecle.zip'), fixture('ok/sts_emp_0750001U_2026.xml')]);
    try {
      expect(delivery.files.map((file) => file.name)).toEqual(['ResponsablesAvecAdresses.xml', 'ElevesSansAdresses.xml', 'sts_emp_0750001U_2026.xml']);
    } finally {
      delivery.close();
    }
  });
});

describe('malformed files', () => {
  it('names the line of XML that cannot be parsed', async () => {
    const file = 'sts_emp_0750001U_2026.xml';
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<STS_EDT>\n<PARAMETRES><UAJ CODE="0750001U"/></PARAMETRES>\n<INDIVIDU ID="1"></PRENOM>\n</STS_EDT>\n';
    expect(await failure(readSts(Readable.from([Buffer.from(xml)]), file, SCHOOL))).toMatchObject({ code: 'xml.malformed', file, record: 'line 4', params: { line: 4 } });
  });

  it('refuses an ONDE export of another school, and one without a required column', async () => {
    const file = 'onde.csv';
    const csv = (text: string) => Readable.from([Buffer.from(text)]);
    expect(await failure(readOnde(csv('Identifiant;Nom élève;Prénom élève;UAI\n1;Conte;Lou;0750002V\n'), file, SCHOOL))).toEqual({
      code: 'file.wrong_uai', file, record: 'line 2', field: 'UAI', params: { value: '0750002V', expected: SCHOOL },
    });
    expect(await failure(readOnde(csv('Identifiant;Prénom élève\n1;Lou\n'), file, SCHOOL))).toMatchObject({ code: 'csv.missing_column', field: undefined, params: { expected: 'Nom élève' } });
    expect(await failure(readOnde(csv('Identifiant,Nom élève,Prénom élève\n1,Conte,Lou\n1,Fable,Noa\n'), file, SCHOOL))).toMatchObject({
      code: 'record.duplicate_key', record: 'line 3', params: { value: '1', first: 'line 2' },
    });
  });
});
