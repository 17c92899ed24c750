import type { Readable } from 'node:stream';
import { FeedError } from './errors';
import { emptyPerson, type FeedPerson, type FeedRecord } from './records';
import { isoDate, optional, required, uai } from './values.rules';
import { child, childText, readXml } from './xml';

/*
 * STS-web's `sts_emp_<UAI>_<year>.xml` (root STS_EDT): the school's staff (INDIVIDU), then its
 * divisions and who teaches in each (DIVISION/SERVICES/SERVICE/ENSEIGNANTS/ENSEIGNANT@ID). The staff
 * are held until their classes are known: one school's, a few hundred at most.
 */

export const isSts = (name: string) => /^sts_emp_\w+_\d+\.xml$/i.test(name);

export async function* readSts(input: Readable, file: string, expectedUai: string): AsyncGenerator<FeedRecord> {
  const staff = new Map<string, FeedPerson>();
  const collect = new Set(['PARAMETRES', 'INDIVIDU', 'DIVISION']);
  for await (const node of readXml(input, { file, roots: ['STS_EDT'], collect })) {
    if (node.name === 'PARAMETRES') {
      const where = { file, record: 'PARAMETRES', field: 'UAJ' };
      const found = uai(child(node, 'UAJ')?.attributes.CODE ?? childText(node, 'UAJ'), where);
      if (found !== expectedUai) throw new FeedError('file.wrong_uai', { ...where, params: { value: found, expected: expectedUai } });
    } else if (node.name === 'INDIVIDU') {
      const id = required(node.attributes.ID, { file, record: `INDIVIDU line ${node.line}`, field: 'ID' });
      const where = (field: string) => ({ file, record: `INDIVIDU ${id}`, field });
      const fonction = optional(childText(node, 'FONCTION'));
      staff.set(id, {
        ...emptyPerson('sts', id, fonction === 'ENS' ? 'teacher' : 'personnel'),
        lastName: required(childText(node, 'NOM_USAGE') ?? childText(node, 'NOM_PATRONYMIQUE'), where('NOM_USAGE')),
        firstName: required(childText(node, 'PRENOM'), where('PRENOM')),
        birthDate: isoDate(childText(node, 'DATE_NAISSANCE'), where('DATE_NAISSANCE')),
        schools: [expectedUai],
        functions: fonction ? [fonction] : [],
      });
    } else {
      const name = required(node.attributes.CODE, { file, record: `DIVISION line ${node.line}`, field: 'CODE' });
      const teachers = new Set<string>();
      const visit = (each: typeof node): void => {
        if (each.name === 'ENSEIGNANT' && each.attributes.ID) teachers.add(each.attributes.ID);
        each.children.forEach(visit);
      };
      visit(node);
      for (const id of teachers) {
        const person = staff.get(id);
        if (person && !person.classes.some((each) => each.name === name)) person.classes.push({ uai: expectedUai, name });
      }
    }
  }
  yield* staff.values();
}
