import { mkdtempSync, rmSync, statSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { ImporterConfig } from '../config/importer.config';
import { FeedFolders } from './feed-folders';

const FEED = '0b9d6bb0-3a55-4f4f-9a43-4a0e5e0d8f11';
const OTHER = '5c1f3d2e-6c1a-4d7e-8d0b-2b2f6c1e9a10';

describe('the feed files on disk', () => {
  let dir: string;
  let folders: FeedFolders;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'feed-folders-'));
    folders = new FeedFolders({ FEED_DIR: dir } as ImporterConfig);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each file readable by the importer only, and refuses a second file of the same name', async () => {
    await folders.create(FEED);
    await folders.write(FEED, 'ElevesSansAdresses.xml', Readable.from([Buffer.from('<BEE_ELEVES/>')]), new PassThrough());
    await folders.writeManifest(FEED, { kind: 'school', uai: '0750001U' });
    const opened = await folders.open(FEED);
    expect(opened).toEqual({ manifest: { kind: 'school', uai: '0750001U' }, paths: [join(dir, FEED, 'files', 'ElevesSansAdresses.xml')] });
    expect(statSync(opened!.paths[0]).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, FEED)).mode & 0o777).toBe(0o700);
    await expect(folders.write(FEED, 'ElevesSansAdresses.xml', Readable.from([Buffer.from('again')]), new PassThrough())).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('deletes a read feed, and the purge only the folders older than its limit', async () => {
    await folders.create(FEED);
    await folders.create(OTHER);
    const old = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(join(dir, FEED), old, old);
    expect(await folders.removeOlderThan(new Date(Date.now() - 86_400_000))).toBe(1);
    expect(existsSync(join(dir, FEED))).toBe(false);
    expect(await folders.open(FEED)).toBeNull();
    await folders.remove(OTHER);
    expect(existsSync(join(dir, OTHER))).toBe(false);
  });
});
