import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { FeedError } from './errors';

/** One file of a delivery: its name, and a way to read it (again, when its root is sniffed first). */
export interface DeliveryFile {
  name: string;
  open(): Promise<Readable>;
}

/**
 * The files inside a zip, read from its central directory; each entry is decompressed only when it
 * is opened, as a stream (yauzl: pure JS, never the whole archive in memory).
 */
export async function zipEntries(path: string, zipName: string): Promise<{ files: DeliveryFile[]; close(): void }> {
  const malformed = (error: Error) => new FeedError('zip.malformed', { file: zipName, params: { detail: error.message } });
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, opened) => (error ? reject(malformed(error)) : resolve(opened))),
  );
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', (error: Error) => reject(malformed(error)));
    zip.readEntry();
  });
  const files = entries.map((entry) => ({
    // The name without its folders: deliveries are often zipped with one.
    name: entry.fileName.split('/').pop()!,
    open: () =>
      new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (error, stream) => (error ? reject(malformed(error)) : resolve(stream))),
      ),
  }));
  return { files, close: () => zip.close() };
}
