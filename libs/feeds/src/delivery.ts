import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { AAF_ENTITIES, AAF_REQUIRED_ENTITIES, aafEntityOf, looksLikeAaf, readAafFile } from './aaf.reader';
import { FeedError } from './errors';
import { readOnde, isOnde } from './onde.reader';
import type { FeedRecord } from './records';
import { isSiecleRelatives, isSiecleStudents, readSiecleRelatives, readSiecleStudents } from './siecle.reader';
import { isSts, readSts } from './sts.reader';
import { SeenKeys } from './values.rules';
import { rootElement } from './xml';
import { zipEntries, type DeliveryFile } from './zip';

export type { DeliveryFile } from './zip';

export type FeedFileKind = 'aaf' | 'siecle-students' | 'siecle-relatives' | 'sts' | 'onde';

export interface DeliveryOptions {
  /** The school a school export (SIECLE, STS-web, ONDE) must belong to; an AAF delivery needs none. */
  uai?: string;
  /**
   * What the delivery was uploaded as: `aaf` refuses a school export's file, `school` an AAF file
   * (so a SIECLE file slipped into an AAF delivery is not read as part of the académie's snapshot).
   * Unset: both are read.
   */
  kind?: 'aaf' | 'school';
}

const SCHOOL_EXPORT_NAMES: Record<Exclude<FeedFileKind, 'aaf'>, string> = {
  'siecle-students': 'SIECLE',
  'siecle-relatives': 'SIECLE',
  sts: 'STS-web',
  onde: 'ONDE',
};

/** The file that does not belong in a delivery uploaded as `kind`, if any. */
function checkKinds(kinds: Array<{ file: DeliveryFile; kind: FeedFileKind }>, kind: DeliveryOptions['kind']): void {
  for (const { file, kind: fileKind } of kinds) {
    if (kind === 'aaf' && fileKind !== 'aaf') throw new FeedError('delivery.not_aaf', { file: file.name, params: { value: SCHOOL_EXPORT_NAMES[fileKind] } });
    if (kind === 'school' && fileKind === 'aaf') throw new FeedError('delivery.not_school_export', { file: file.name });
  }
}

const BY_ROOT: Record<string, FeedFileKind> = { BEE_ELEVES: 'siecle-students', BEE_RESPONSABLES: 'siecle-relatives', STS_EDT: 'sts', ficAlimMENESR: 'aaf' };

async function head(file: DeliveryFile): Promise<Buffer> {
  const stream = await file.open();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    stream.destroy();
    return chunk;
  }
  return Buffer.alloc(0);
}

/** A file's kind by its name, else (XML) by its root element. */
export async function kindOf(file: DeliveryFile): Promise<FeedFileKind> {
  const { name } = file;
  if (looksLikeAaf(name)) return 'aaf';
  if (isSiecleStudents(name)) return 'siecle-students';
  if (isSiecleRelatives(name)) return 'siecle-relatives';
  if (isSts(name)) return 'sts';
  if (isOnde(name)) return 'onde';
  const kind = /\.xml$/i.test(name) ? BY_ROOT[rootElement(await head(file)) ?? ''] : undefined;
  // An AAF file is told apart by its name only: its root says nothing of its entity.
  if (kind === 'aaf') throw new FeedError('file.unknown_entity', { file: name });
  if (!kind) throw new FeedError('file.unknown', { file: name });
  return kind;
}

function read(kind: FeedFileKind, input: Readable, name: string, uai: string | undefined): AsyncGenerator<FeedRecord> {
  if (kind === 'aaf') return readAafFile(input, name);
  if (uai === undefined) throw new Error(`readDelivery: a school export (${name}) needs options.uai`);
  if (kind === 'siecle-students') return readSiecleStudents(input, name, uai);
  if (kind === 'siecle-relatives') return readSiecleRelatives(input, name, uai);
  if (kind === 'sts') return readSts(input, name, uai);
  return readOnde(input, name, uai);
}

/**
 * Every record of a delivery, file after file: AAF files in the order of their entities (schools
 * first), then the school exports. Each file is checked before the first record is read (kinds, the
 * AAF parts), so a delivery missing its Eleve file is refused before anything is yielded.
 */
export async function* readFiles(files: DeliveryFile[], options: DeliveryOptions = {}): AsyncGenerator<FeedRecord> {
  const kinds = await Promise.all(files.map(async (file) => ({ file, kind: await kindOf(file) })));
  if (kinds.length === 0) throw new FeedError('delivery.empty', { file: '' });
  checkKinds(kinds, options.kind);
  const aaf = kinds.filter(({ kind }) => kind === 'aaf');
  for (const { file } of aaf) if (aafEntityOf(file.name) === null) throw new FeedError('file.unknown_entity', { file: file.name });
  if (aaf.length > 0) {
    const present = new Set(aaf.map(({ file }) => aafEntityOf(file.name)));
    const missing = AAF_REQUIRED_ENTITIES.find((entity) => !present.has(entity));
    if (missing) throw new FeedError('delivery.missing_part', { file: aaf[0].file.name, params: { expected: missing } });
  }
  const order = (name: string) => { const entity = aafEntityOf(name); return entity ? AAF_ENTITIES.indexOf(entity) : AAF_ENTITIES.length; };
  kinds.sort((a, b) => order(a.file.name) - order(b.file.name) || a.file.name.localeCompare(b.file.name));
  // One INE per student across the AAF files (a school export checks its own).
  const ines = new SeenKeys('record.duplicate_ine');
  for (const { file, kind } of kinds) {
    for await (const record of read(kind, await file.open(), file.name, options.uai)) {
      if (kind === 'aaf' && record.kind === 'person') ines.check(record.ine, { file: file.name, record: `Eleve ${record.joinKey}`, field: 'ENTEleveINE' });
      yield record;
    }
  }
}

/** The files of a delivery on disk, a zip's entries in place of the zip; close() releases the zips. */
export interface OpenDelivery {
  files: DeliveryFile[];
  close(): void;
}

/**
 * Opens a delivery's files on disk (a zip: its central directory only, each entry read when it is
 * opened), so that its files can be named before they are read.
 */
export async function openDelivery(paths: string[]): Promise<OpenDelivery> {
  const files: DeliveryFile[] = [];
  const zips: Array<{ close(): void }> = [];
  const close = () => zips.forEach((zip) => zip.close());
  try {
    for (const path of paths) {
      if (/\.zip$/i.test(path)) {
        const zip = await zipEntries(path, basename(path));
        zips.push(zip);
        files.push(...zip.files);
      } else {
        files.push({ name: basename(path), open: async () => createReadStream(path) });
      }
    }
  } catch (error) {
    close();
    throw error;
  }
  return { files, close };
}

/** A delivery as files on disk, or one zip holding them. */
export async function* readDelivery(paths: string[], options: DeliveryOptions = {}): AsyncGenerator<FeedRecord> {
  const delivery = await openDelivery(paths);
  try {
    yield* readFiles(delivery.files, options);
  } finally {
    delivery.close();
  }
}
