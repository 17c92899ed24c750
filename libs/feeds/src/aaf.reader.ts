import type { Readable } from 'node:stream';
import { FeedError } from './errors';
import { emptyPerson, type FeedClass, type FeedPerson, type FeedRecord, type FeedRelativeLink } from './records';
import { isoDate, optional, required, uai } from './values.rules';
import { child, readXml, type XmlNode } from './xml';

/*
 * AAF (Annuaire Académique Fédérateur) `ficAlimMENESR` files: one entity per file, told by its name
 * (`<prefix>_Complet_<date>_<Entity>_NNNN.xml`), one `addRequest` per record. The 1D variant (primary
 * schools) renames some fields; each field below lists its 2D name first, then its 1D name.
 */

export const AAF_ENTITIES = ['EtabEducNat', 'Eleve', 'PersRelEleve', 'PersEducNat', 'MefEducNat', 'MatiereEducNat'] as const;
export type AafEntity = (typeof AAF_ENTITIES)[number];
/** The parts without which a delivery cannot say who is in the académie. */
export const AAF_REQUIRED_ENTITIES: readonly AafEntity[] = ['EtabEducNat', 'Eleve', 'PersRelEleve', 'PersEducNat'];

const AAF_NAME = new RegExp(`_(?:Complet|Delta)_\\d+_(${AAF_ENTITIES.join('|')})_\\d+\\.xml$`, 'i');

/** Whether a name looks like an AAF file at all, and which entity it holds (null: unknown). */
export function aafEntityOf(name: string): AafEntity | null {
  const match = AAF_NAME.exec(name);
  return match ? (AAF_ENTITIES.find((entity) => entity.toLowerCase() === match[1].toLowerCase()) ?? null) : null;
}
export const looksLikeAaf = (name: string) => /_(Complet|Delta)_\d+_\w+\.xml$/i.test(name);

type Attributes = Map<string, string[]>;

function attributesOf(request: XmlNode): Attributes {
  const attributes: Attributes = new Map();
  for (const attr of child(request, 'attributes')?.children ?? []) {
    const name = attr.attributes.name;
    if (name) attributes.set(name, attr.children.filter((value) => value.name === 'value').map((value) => value.text.trim()).filter(Boolean));
  }
  return attributes;
}

/** The first value among the field's names (2D, then 1D). */
const first = (attributes: Attributes, ...names: string[]) => names.map((name) => attributes.get(name)?.[0]).find((value) => value !== undefined);
const all = (attributes: Attributes, ...names: string[]) => names.flatMap((name) => attributes.get(name) ?? []);
const flag = (value: string | undefined) => (value === '1' ? true : value === '0' ? false : null);

/** Reads one AAF file (its entity from its name): schools, then persons; MEF and subjects are checked, not returned. */
export async function* readAafFile(input: Readable, file: string): AsyncGenerator<FeedRecord> {
  const entity = aafEntityOf(file);
  if (entity === null) throw new FeedError('file.unknown_entity', { file });
  for await (const request of readXml(input, { file, roots: ['ficAlimMENESR'], collect: new Set(['addRequest']) })) {
    const attributes = attributesOf(request);
    const id = child(request, 'identifier')?.children.find((each) => each.name === 'id')?.text.trim();
    const record = `${entity} ${id ?? `line ${request.line}`}`;
    const where = (field: string) => ({ file, record, field });
    if (entity === 'EtabEducNat') {
      yield {
        kind: 'school', source: 'aaf',
        uai: uai(first(attributes, 'ENTStructureUAI'), where('ENTStructureUAI')),
        name: required(first(attributes, 'ENTStructureNomCourant'), where('ENTStructureNomCourant')),
      };
    } else if (entity === 'Eleve' || entity === 'PersRelEleve' || entity === 'PersEducNat') {
      yield person(entity, attributes, where);
    }
  }
}

type Where = (field: string) => { file: string; record: string; field: string };

function person(entity: 'Eleve' | 'PersRelEleve' | 'PersEducNat', attributes: Attributes, where: Where): FeedPerson {
  const joinKey = required(first(attributes, 'ENTPersonJointure'), where('ENTPersonJointure'));
  const profile = entity === 'Eleve' ? 'student' : entity === 'PersRelEleve' ? 'relative' : teacherOrPersonnel(attributes);
  const classes = all(attributes, 'ENTEleveClasses', 'ENTAuxEnsClasses').map((value) => classOf(value, where('ENTEleveClasses')));
  const schools = new Set(all(attributes, 'ENTPersonStructRattach', 'ENTEleveStructRattachId').map((value) => uai(value, where('ENTPersonStructRattach'))));
  for (const each of classes) schools.add(each.uai);
  return {
    ...emptyPerson('aaf', joinKey, profile),
    ine: entity === 'Eleve' ? optional(first(attributes, 'ENTEleveINE')) : null,
    lastName: required(first(attributes, 'sn', 'ENTPersonNom'), where('sn')),
    firstName: required(first(attributes, 'givenName', 'ENTPersonPrenom'), where('givenName')),
    birthDate: isoDate(first(attributes, 'ENTPersonDateNaissance'), where('ENTPersonDateNaissance')),
    schools: [...schools],
    classes,
    email: optional(first(attributes, 'mail', 'ENTPersonMail')),
    mobile: optional(first(attributes, 'ENTPersonMobileSMS', 'mobile')),
    functions: all(attributes, 'ENTPersonFonctions'),
    relatives: entity === 'Eleve' ? studentLinks(joinKey, attributes) : entity === 'PersRelEleve' ? relativeLinks(joinKey, attributes) : [],
  };
}

/** AAF's national profiles: `National_ENS` teaches; every other staff profile is personnel. */
function teacherOrPersonnel(attributes: Attributes) {
  return all(attributes, 'ENTPersonProfils').some((profile) => /ENS$/i.test(profile)) ? ('teacher' as const) : ('personnel' as const);
}

/** `structureId$classe` (the structure is its UAI in AAF 2D and 1D). */
function classOf(value: string, where: ReturnType<Where>): FeedClass {
  const [structure, name] = value.split('$');
  return { uai: uai(structure, where), name: required(name, where) };
}

/**
 * 2D: `ENTElevePersRelEleve` is `id$lien$financier$légal$contact$paiement`; légal is kept as written
 * (1 or 2) for the caller's setting to decide. 1D: `ENTEleveAutoriteParentale` lists the relatives
 * holding parental authority, legal guardians by definition.
 */
function studentLinks(childKey: string, attributes: Attributes): FeedRelativeLink[] {
  const twoD = all(attributes, 'ENTElevePersRelEleve').map((value): FeedRelativeLink => {
    const [relativeKey, kinship, financial, legal, contact] = value.split('$');
    return { childKey, relativeKey, legal: legal === '1' ? 1 : legal === '2' ? 2 : null, kinship: kinship || null, financial: flag(financial), contact: flag(contact) };
  });
  const oneD = all(attributes, 'ENTEleveAutoriteParentale').map(
    (relativeKey): FeedRelativeLink => ({ childKey, relativeKey, legal: 1, kinship: null, financial: null, contact: null }),
  );
  return [...twoD, ...oneD].filter((link) => link.relativeKey);
}

/** The relative's side (`ENTAuxPersRelEleveEleve`): which students, not how (légal is on the student's side). */
function relativeLinks(relativeKey: string, attributes: Attributes): FeedRelativeLink[] {
  return all(attributes, 'ENTAuxPersRelEleveEleve').map((childKey) => ({ childKey, relativeKey, legal: null, kinship: null, financial: null, contact: null }));
}
