import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { uaiOf } from '@sesame/account-rules';

/*
 * A synthetic AAF 2D delivery with an académie's proportions (≈ 45 % students, 50 % relatives, 5 %
 * staff, in 300 schools), for the readers' memory test and issue 15's benchmark. Written record by
 * record with backpressure (bounded memory at any size), and the same seed gives the same bytes.
 */

export interface SyntheticOptions {
  people: number;
  out: string;
  seed?: number;
  schools?: number;
  /** Records per file, as AAF splits its entities into numbered chunks. */
  chunk?: number;
  prefix?: string;
  /**
   * 1 (the default), or a later school year of the same académie: each year after the first, the
   * oldest 10 % of students and staff have left, as many new ones have arrived (with their
   * relatives), and about 5 % of those who stay have changed class. Everything else about a person
   * is the same from one year to the next, because it is drawn from the person's key.
   */
  year?: number;
}

/** A number in [0, 1) drawn from (seed, salt, i): the same person gets the same values every year. */
function draw(seed: number, salt: number, i: number): number {
  let t = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed + 1, 0xc2b2ae35) ^ Math.imul(salt + 1, 0x27d4eb2f)) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x7feb352d);
  t = Math.imul(t ^ (t >>> 15), 0x846ca68b);
  return ((t ^ (t >>> 16)) >>> 0) / 4294967296;
}

const LAST = ['Abeille', 'Brume', 'Cerisier', 'Dune', 'Escargot', 'Falaise', 'Girouette', 'Houblon', 'Iris', 'Jonquille', 'Lande', 'Mirabelle', 'Nuage', 'Ortie', 'Pivoine', 'Roseau'];
const FIRST = ['Alix', 'Bao', 'Céleste', 'Dalia', 'Eden', 'Fanny', 'Gaspard', 'Hugo', 'Ilan', 'Jade', 'Kenza', 'Lou', 'Maël', 'Nora', 'Oscar', 'Pia'];
const LEVELS = ['6EME', '5EME', '4EME', '3EME', '2NDE', '1G', 'TG'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const attr = (name: string, values: Array<string | number>) =>
  values.length ? `<attr name="${name}">${values.map((value) => `<value>${escape(String(value))}</value>`).join('')}</attr>` : '';

/** One entity's files, a new chunk every `chunk` records. */
class EntityWriter {
  private stream: WriteStream | null = null;
  private inChunk = 0;
  private part = 0;
  readonly files: string[] = [];

  constructor(private readonly dir: string, private readonly name: string, private readonly chunk: number) {}

  async add(id: string, attributes: string): Promise<void> {
    if (this.stream === null || this.inChunk === this.chunk) await this.next();
    this.inChunk += 1;
    const ok = this.stream!.write(`<addRequest><identifier><id>${id}</id></identifier><attributes>${attributes}</attributes></addRequest>\n`);
    if (!ok) await once(this.stream!, 'drain');
  }

  private async next(): Promise<void> {
    await this.end();
    const file = join(this.dir, `${this.name.replace('{part}', String(this.part).padStart(4, '0'))}`);
    this.part += 1;
    this.inChunk = 0;
    this.files.push(file);
    this.stream = createWriteStream(file);
    this.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<ficAlimMENESR>\n');
  }

  async end(): Promise<void> {
    if (this.stream === null) return;
    this.stream.end('</ficAlimMENESR>\n');
    await once(this.stream, 'finish');
    this.stream = null;
  }
}

export async function writeSyntheticDelivery(options: SyntheticOptions): Promise<{ files: string[]; students: number; relatives: number; staff: number }> {
  const { people, out, seed = 15, schools = 300, chunk = 20_000, prefix = 'SYNTH', year = 1 } = options;
  mkdirSync(out, { recursive: true });
  const pick = <T>(list: readonly T[], salt: number, i: number) => list[Math.floor(draw(seed, salt, i) * list.length)];
  const students = Math.round(people * 0.45);
  const staff = Math.round(people * 0.05);
  // Every student has a first relative; one in nine a second one (≈ 50 % relatives in all).
  const hasSecond = (i: number) => i % 9 === 0;
  // The year's window of students and staff: each later year, the oldest 10 % leave and as many arrive.
  const firstStudent = (year - 1) * Math.round(students * 0.1);
  const firstStaff = (year - 1) * Math.round(staff * 0.1);
  const moved = (i: number, salt: number) => (year > 1 && draw(seed, salt, i) < 0.05 ? 1 : 0);
  const uais = Array.from({ length: schools }, (_, i) => uaiOf(750100 + i));
  const writer = (entity: string) => new EntityWriter(out, `${prefix}_Complet_${2025 + year}0901_${entity}_{part}.xml`, chunk);
  const studentKey = (i: number) => String(10_000_000 + i);
  const relativeKey = (i: number) => String(20_000_000 + i);
  const secondKey = (i: number) => String(40_000_000 + i);
  const classOf = (i: number, shift: number) =>
    `${uais[i % schools]}$${LEVELS[Math.floor(i / schools) % LEVELS.length]}${1 + ((Math.floor(i / schools / LEVELS.length) + shift) % 6)}`;
  const birth = (i: number, salt: number, from: number, span: number) =>
    `${String(1 + Math.floor(draw(seed, salt, i) * 28)).padStart(2, '0')}/${String(1 + Math.floor(draw(seed, salt + 1, i) * 12)).padStart(2, '0')}/${from + Math.floor(draw(seed, salt + 2, i) * span)}`;

  const etab = writer('EtabEducNat');
  for (const [i, uai] of uais.entries()) await etab.add(uai, attr('ENTStructureUAI', [uai]) + attr('ENTStructureNomCourant', [`ETABLISSEMENT SYNTHETIQUE ${i + 1}`]));
  await etab.end();

  const eleve = writer('Eleve');
  for (let i = firstStudent; i < firstStudent + students; i += 1) {
    const links = [`${relativeKey(i)}$10$1$1$1$1`];
    if (hasSecond(i)) links.push(`${secondKey(i)}$20$0$${draw(seed, 3, i) < 0.1 ? 2 : 1}$1$0`);
    await eleve.add(
      studentKey(i),
      attr('ENTPersonJointure', [studentKey(i)]) + attr('ENTEleveINE', [`${String(i).padStart(10, '0')}${'ABCDEFGHJK'[i % 10]}`]) +
        attr('sn', [pick(LAST, 1, i)]) + attr('givenName', [pick(FIRST, 2, i)]) + attr('ENTPersonDateNaissance', [birth(i, 10, 2008, 10)]) +
        attr('ENTPersonStructRattach', [uais[i % schools]]) + attr('ENTEleveClasses', [classOf(i, moved(i, 4))]) + attr('ENTElevePersRelEleve', links),
    );
  }
  await eleve.end();

  const persRel = writer('PersRelEleve');
  let relatives = 0;
  const relative = async (key: string, child: number) => {
    relatives += 1;
    const n = Number(key);
    await persRel.add(
      key,
      attr('ENTPersonJointure', [key]) + attr('sn', [pick(LAST, 5, n)]) + attr('givenName', [pick(FIRST, 6, n)]) +
        attr('mail', [`parent${key}@exemple.invalid`]) + attr('ENTPersonMobileSMS', [`06${key.slice(-8)}`]) +
        attr('ENTAuxPersRelEleveEleve', [studentKey(child)]),
    );
  };
  for (let i = firstStudent; i < firstStudent + students; i += 1) await relative(relativeKey(i), i);
  for (let i = firstStudent; i < firstStudent + students; i += 1) if (hasSecond(i)) await relative(secondKey(i), i);
  await persRel.end();

  const persEduc = writer('PersEducNat');
  for (let k = firstStaff; k < firstStaff + staff; k += 1) {
    const teacher = draw(seed, 7, k) < 0.75;
    const key = String(30_000_000 + k);
    const uai = uais[k % schools];
    const shift = moved(k, 8);
    await persEduc.add(
      key,
      attr('ENTPersonJointure', [key]) + attr('sn', [pick(LAST, 1, 30_000_000 + k)]) + attr('givenName', [pick(FIRST, 2, 30_000_000 + k)]) +
        attr('ENTPersonDateNaissance', [birth(k, 20, 1960, 35)]) +
        attr('ENTPersonProfils', [teacher ? 'National_ENS' : 'National_EDU']) + attr('ENTPersonStructRattach', [uai]) +
        attr('ENTPersonFonctions', [teacher ? `${uai}$ENS$ENSEIGNEMENT` : `${uai}$EDU$EDUCATION`]) +
        attr('ENTAuxEnsClasses', teacher ? [classOf(k, shift), classOf(k + schools, shift)] : []),
    );
  }
  await persEduc.end();

  const files = [...etab.files, ...eleve.files, ...persRel.files, ...persEduc.files];
  return { files, students, relatives, staff };
}
