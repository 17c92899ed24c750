import type { Readable } from 'node:stream';
import { FeedError } from './errors';
import { emptyPerson, type FeedPerson, type FeedRecord } from './records';
import { isoDate, optional, required, SeenKeys, uai } from './values.rules';
import { child, childText, readXml, type XmlNode } from './xml';

/*
 * SIECLE, one school's exports: ElevesSansAdresses.xml / ElevesAvecAdresses.xml (root BEE_ELEVES) and
 * ResponsablesAvecAdresses.xml (root BEE_RESPONSABLES). ISO-8859-15 unless the XML declaration says
 * otherwise. The classes (STRUCTURES) and the links (RESPONSABLES) come after the persons, so one
 * school's persons are held until the end of its file: a few thousand, bounded by a school's size.
 */

const SIECLE_ENCODING = 'iso-8859-15';

export const isSiecleStudents = (name: string) => /^Eleves(Sans|Avec)Adresses\.xml$/i.test(name);
export const isSiecleRelatives = (name: string) => /^ResponsablesAvecAdresses\.xml$/i.test(name);

function checkUai(parameters: XmlNode, file: string, expected: string) {
  const found = uai(childText(parameters, 'UAJ'), { file, record: 'PARAMETRES', field: 'UAJ' });
  if (found !== expected) throw new FeedError('file.wrong_uai', { file, record: 'PARAMETRES', field: 'UAJ', params: { value: found, expected } });
}

/** The students of ElevesSansAdresses.xml / ElevesAvecAdresses.xml; `expectedUai` is the school the caller uploads for. */
export async function* readSiecleStudents(input: Readable, file: string, expectedUai: string): AsyncGenerator<FeedRecord> {
  const students = new Map<string, FeedPerson>();
  const ines = new SeenKeys('record.duplicate_ine');
  let checked = false;
  const collect = new Set(['PARAMETRES', 'ELEVE', 'STRUCTURES_ELEVE']);
  for await (const node of readXml(input, { file, roots: ['BEE_ELEVES'], collect, defaultEncoding: SIECLE_ENCODING })) {
    if (node.name === 'PARAMETRES') {
      checkUai(node, file, expectedUai);
      checked = true;
      continue;
    }
    if (!checked) throw new FeedError('record.missing_field', { file, record: 'PARAMETRES', field: 'UAJ' });
    const id = required(node.attributes.ELEVE_ID, { file, record: `${node.name} line ${node.line}`, field: 'ELEVE_ID' });
    const where = (field: string) => ({ file, record: `ELEVE_ID ${id}`, field });
    if (node.name === 'ELEVE') {
      const ine = optional(childText(node, 'ID_NATIONAL'));
      ines.check(ine, where('ID_NATIONAL'));
      students.set(id, {
        ...emptyPerson('siecle', id, 'student'),
        ine,
        // NOM_DE_FAMILLE since SIECLE 2020; NOM before.
        lastName: required(childText(node, 'NOM_DE_FAMILLE') ?? childText(node, 'NOM'), where('NOM_DE_FAMILLE')),
        firstName: required(childText(node, 'PRENOM'), where('PRENOM')),
        birthDate: isoDate(childText(node, 'DATE_NAISS'), where('DATE_NAISS')),
        schools: [expectedUai],
        email: optional(childText(node, 'MEL')),
        mobile: optional(childText(node, 'TEL_PORTABLE')),
        exitDate: isoDate(childText(node, 'DATE_SORTIE'), where('DATE_SORTIE')),
      });
    } else {
      const student = students.get(id);
      // The division (type D) is the class; groups (type G) are not classes.
      const division = node.children.find((structure) => structure.name === 'STRUCTURE' && childText(structure, 'TYPE_STRUCTURE') === 'D');
      const name = division && childText(division, 'CODE_STRUCTURE');
      if (student && name) student.classes = [{ uai: expectedUai, name }];
    }
  }
  yield* students.values();
}

/** The relatives of ResponsablesAvecAdresses.xml, each with its links to students (RESP_LEGAL 1, 2, or 0 for other contacts). */
export async function* readSiecleRelatives(input: Readable, file: string, expectedUai: string): AsyncGenerator<FeedRecord> {
  const relatives = new Map<string, FeedPerson>();
  const collect = new Set(['PARAMETRES', 'PERSONNE', 'RESPONSABLE_ELEVE']);
  for await (const node of readXml(input, { file, roots: ['BEE_RESPONSABLES'], collect, defaultEncoding: SIECLE_ENCODING })) {
    if (node.name === 'PARAMETRES') {
      checkUai(node, file, expectedUai);
    } else if (node.name === 'PERSONNE') {
      const id = required(node.attributes.PERSONNE_ID, { file, record: `PERSONNE line ${node.line}`, field: 'PERSONNE_ID' });
      const where = (field: string) => ({ file, record: `PERSONNE_ID ${id}`, field });
      relatives.set(id, {
        ...emptyPerson('siecle', id, 'relative'),
        lastName: required(childText(node, 'NOM_DE_FAMILLE') ?? childText(node, 'NOM'), where('NOM_DE_FAMILLE')),
        firstName: required(childText(node, 'PRENOM'), where('PRENOM')),
        schools: [expectedUai],
        email: optional(childText(node, 'MEL')),
        mobile: optional(childText(node, 'TEL_PORTABLE')),
      });
    } else {
      const where = (field: string) => ({ file, record: `RESPONSABLE_ELEVE line ${node.line}`, field });
      const relative = relatives.get(required(childText(node, 'PERSONNE_ID'), where('PERSONNE_ID')));
      const legal = child(node, 'RESP_LEGAL')?.text.trim();
      relative?.relatives.push({
        childKey: required(childText(node, 'ELEVE_ID'), where('ELEVE_ID')),
        relativeKey: relative.joinKey,
        legal: legal === '1' ? 1 : legal === '2' ? 2 : 0,
        kinship: optional(childText(node, 'CODE_PARENTE')),
        financial: null,
        contact: null,
      });
    }
  }
  yield* relatives.values();
}
