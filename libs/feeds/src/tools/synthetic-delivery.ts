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
}

/** mulberry32: small, fast and deterministic; not for secrets. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
  const { people, out, seed = 15, schools = 300, chunk = 20_000, prefix = 'SYNTH' } = options;
  mkdirSync(out, { recursive: true });
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const students = Math.round(people * 0.45);
  const staff = Math.round(people * 0.05);
  const relatives = people - students - staff;
  const uais = Array.from({ length: schools }, (_, i) => uaiOf(750100 + i));
  const writer = (entity: string) => new EntityWriter(out, `${prefix}_Complet_20260901_${entity}_{part}.xml`, chunk);
  const studentKey = (i: number) => String(10_000_000 + i);
  const relativeKey = (j: number) => String(20_000_000 + j);
  const classOf = (i: number) => `${uais[i % schools]}$${LEVELS[Math.floor(i / schools) % LEVELS.length]}${1 + (Math.floor(i / schools / LEVELS.length) % 6)}`;
  const birth = (from: number, span: number) =>
    `${String(1 + Math.floor(next() * 28)).padStart(2, '0')}/${String(1 + Math.floor(next() * 12)).padStart(2, '0')}/${from + Math.floor(next() * span)}`;

  const etab = writer('EtabEducNat');
  for (const [i, uai] of uais.entries()) await etab.add(uai, attr('ENTStructureUAI', [uai]) + attr('ENTStructureNomCourant', [`ETABLISSEMENT SYNTHETIQUE ${i + 1}`]));
  await etab.end();

  // Relative j is the first relative of student j % students; the relatives past the students' count are second relatives.
  const eleve = writer('Eleve');
  for (let i = 0; i < students; i += 1) {
    const links = [`${relativeKey(i)}$10$1$1$1$1`];
    if (i + students < relatives) links.push(`${relativeKey(i + students)}$20$0$${next() < 0.1 ? 2 : 1}$1$0`);
    await eleve.add(
      studentKey(i),
      attr('ENTPersonJointure', [studentKey(i)]) + attr('ENTEleveINE', [`${String(i).padStart(10, '0')}${'ABCDEFGHJK'[i % 10]}`]) +
        attr('sn', [pick(LAST)]) + attr('givenName', [pick(FIRST)]) + attr('ENTPersonDateNaissance', [birth(2008, 10)]) +
        attr('ENTPersonStructRattach', [uais[i % schools]]) + attr('ENTEleveClasses', [classOf(i)]) + attr('ENTElevePersRelEleve', links),
    );
  }
  await eleve.end();

  const persRel = writer('PersRelEleve');
  for (let j = 0; j < relatives; j += 1) {
    await persRel.add(
      relativeKey(j),
      attr('ENTPersonJointure', [relativeKey(j)]) + attr('sn', [pick(LAST)]) + attr('givenName', [pick(FIRST)]) +
        attr('mail', [`parent${j}@exemple.invalid`]) + attr('ENTPersonMobileSMS', [`06${String(j).padStart(8, '0')}`]) +
        attr('ENTAuxPersRelEleveEleve', students ? [studentKey(j % students)] : []),
    );
  }
  await persRel.end();

  const persEduc = writer('PersEducNat');
  for (let k = 0; k < staff; k += 1) {
    const teacher = next() < 0.75;
    const key = String(30_000_000 + k);
    const uai = uais[k % schools];
    await persEduc.add(
      key,
      attr('ENTPersonJointure', [key]) + attr('sn', [pick(LAST)]) + attr('givenName', [pick(FIRST)]) + attr('ENTPersonDateNaissance', [birth(1960, 35)]) +
        attr('ENTPersonProfils', [teacher ? 'National_ENS' : 'National_EDU']) + attr('ENTPersonStructRattach', [uai]) +
        attr('ENTPersonFonctions', [teacher ? `${uai}$ENS$ENSEIGNEMENT` : `${uai}$EDU$EDUCATION`]) +
        attr('ENTAuxEnsClasses', teacher ? [classOf(k), classOf(k + schools)] : []),
    );
  }
  await persEduc.end();

  const files = [...etab.files, ...eleve.files, ...persRel.files, ...persEduc.files];
  return { files, students, relatives, staff };
}
