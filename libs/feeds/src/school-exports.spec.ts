import { readDelivery } from './delivery';
import { FeedError } from './errors';
import { feedMessage } from './messages';
import { readOnde } from './onde.reader';
import { FeedRecordSchema } from './records';
import { readSiecleRelatives, readSiecleStudents } from './siecle.reader';
import { readSts } from './sts.reader';
import { collect, failure, fixture, open, persons } from './fixtures.spec-helper';

const SCHOOL = '0750001U';

describe('SIECLE', () => {
  const expectedStudents = [
    {
      kind: 'person', source: 'siecle', joinKey: '700001', ine: '0000000011K', lastName: 'ŒILLET-IMAGINÉ', firstName: 'Chloé',
      birthDate: '2010-04-03', profile: 'student', schools: [SCHOOL], classes: [{ uai: SCHOOL, name: '2NDE1' }],
      email: 'chloe.oeillet@exemple.invalid', mobile: '0600000011', functions: [], relatives: [], exitDate: null,
    },
    expect.objectContaining({ joinKey: '700002', ine: '0000000012L', firstName: 'Gaël', classes: [{ uai: SCHOOL, name: '1G3' }], exitDate: '2027-01-15' }),
  ];

  it('reads the students of an ISO-8859-15 export: the class is the division (type D), DATE_SORTIE the exit date', async () => {
    const records = await collect(readSiecleStudents(open('ok/siecle/ElevesSansAdresses.xml'), 'ElevesSansAdresses.xml', SCHOOL));
    records.forEach((record) => FeedRecordSchema.parse(record));
    expect(records).toEqual(expectedStudents);
  });

  it('reads the legal guardians with resp_legal 1 or 2, and other contacts as 0', async () => {
    const relatives = persons(await collect(readSiecleRelatives(open('ok/siecle/ResponsablesAvecAdresses.xml'), 'ResponsablesAvecAdresses.xml', SCHOOL)));
    expect(relatives).toEqual([
      expect.objectContaining({
        joinKey: '800001', profile: 'relative', lastName: 'ŒILLET-IMAGINÉ', firstName: 'Hélène', mobile: '0600000021', email: 'helene.oeillet@exemple.invalid',
        relatives: [{ childKey: '700001', relativeKey: '800001', legal: 1, kinship: '20', financial: null, contact: null }],
      }),
      expect.objectContaining({
        joinKey: '800002', firstName: 'Jérôme',
        relatives: [
          { childKey: '700002', relativeKey: '800002', legal: 2, kinship: '10', financial: null, contact: null },
          { childKey: '700001', relativeKey: '800002', legal: 0, kinship: '90', financial: null, contact: null },
        ],
      }),
    ]);
  });

  it('reads the same export zipped (in a folder), routed by name', async () => {
    const records = persons(await collect(readDelivery([fixture('ok/siecle.zip')], { uai: SCHOOL })));
    expect(records.map((person) => [person.profile, person.joinKey])).toEqual([
      ['student', '700001'], ['student', '700002'], ['relative', '800001'], ['relative', '800002'],
    ]);
    expect(records[0]).toEqual(expectedStudents[0]);
  });

  it('refuses the export of another school, naming the field', async () => {
    const error = await failure(readSiecleStudents(open('not-ok/wrong-uai/ElevesSansAdresses.xml'), 'ElevesSansAdresses.xml', SCHOOL));
    expect(error).toEqual({ code: 'file.wrong_uai', file: 'ElevesSansAdresses.xml', record: 'PARAMETRES', field: 'UAJ', params: { value: '0750002V', expected: SCHOOL } });
  });

  it('refuses an INE given twice, naming both students', async () => {
    const error = await failure(readSiecleStudents(open('not-ok/duplicate-ine/ElevesSansAdresses.xml'), 'ElevesSansAdresses.xml', SCHOOL));
    expect(error).toEqual({
      code: 'record.duplicate_ine', file: 'ElevesSansAdresses.xml', record: 'ELEVE_ID 700002', field: 'ID_NATIONAL',
      params: { value: '0000000011K', first: 'ELEVE_ID 700001' },
    });
  });
});

describe('STS-web', () => {
  it('reads the staff and the divisions each one teaches', async () => {
    const file = 'sts_emp_0750001U_2026.xml';
    const staff = persons(await collect(readSts(open(`ok/${file}`), file, SCHOOL)));
    expect(staff).toEqual([
      {
        kind: 'person', source: 'sts', joinKey: '900001', ine: null, lastName: 'FONTAINE-MIRAGE', firstName: 'Agnès', birthDate: '1979-05-04',
        profile: 'teacher', schools: [SCHOOL], classes: [{ uai: SCHOOL, name: '2NDE1' }, { uai: SCHOOL, name: '1G3' }],
        email: null, mobile: null, functions: ['ENS'], relatives: [], exitDate: null,
      },
      expect.objectContaining({ joinKey: '900002', profile: 'personnel', lastName: 'LEROY-UTOPIE', classes: [], functions: ['DIR'] }),
    ]);
  });

  it('refuses a file with the wrong root element', async () => {
    const file = 'sts_emp_0750001U_2026.xml';
    expect(await failure(readSts(open(`not-ok/wrong-root/${file}`), file, SCHOOL))).toEqual({
      code: 'file.wrong_root', file, record: undefined, field: undefined, params: { value: 'STS_EMP', expected: 'STS_EDT' },
    });
  });
});

describe('ONDE', () => {
  it('reads a Windows-1252 export whose headers carry stray spaces', async () => {
    const file = 'onde-0750010D.csv';
    const pupils = persons(await collect(readOnde(open(`ok/${file}`), file, '0750010D')));
    expect(pupils).toEqual([
      {
        kind: 'person', source: 'onde', joinKey: '5101', ine: '0000000021V', lastName: 'Marchand-Conte', firstName: 'Léna', birthDate: '2019-05-12',
        profile: 'student', schools: ['0750010D'], classes: [{ uai: '0750010D', name: 'CP-A' }], email: null, mobile: null, functions: [], relatives: [], exitDate: null,
      },
      expect.objectContaining({ joinKey: '5102', firstName: 'Théo', classes: [{ uai: '0750010D', name: 'CE1-B' }] }),
    ]);
  });
});

describe('messages', () => {
  it('say the file, the record and the field in French and in English', () => {
    const error = new FeedError('date.malformed', { file: 'x_Complet_1_Eleve_0000.xml', record: 'Eleve 1002', field: 'ENTPersonDateNaissance', params: { value: '31/02/2012' } });
    expect(feedMessage(error, 'fr')).toBe(
      'Fichier « x_Complet_1_Eleve_0000.xml », Eleve 1002, champ « ENTPersonDateNaissance » : « 31/02/2012 » n’est pas une date : il faut jj/mm/aaaa, par exemple 14/07/2012.',
    );
    expect(feedMessage(error, 'en')).toBe(
      'File “x_Complet_1_Eleve_0000.xml”, Eleve 1002, field “ENTPersonDateNaissance”: “31/02/2012” is not a date: write dd/mm/yyyy, for example 14/07/2012.',
    );
  });
});
