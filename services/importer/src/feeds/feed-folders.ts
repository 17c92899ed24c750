import { createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import type { FeedForm } from './feed-upload.rules';

/** What the read needs besides the files and the job's data (which names the feed only). */
export interface FeedManifest {
  kind: FeedForm['kind'];
  uai: string | null;
}

const MANIFEST = 'feed.json';
const FILES = 'files';

/**
 * The feed files on disk, all I/O of them in one place: FEED_DIR/<feedId>/feed.json and
 * FEED_DIR/<feedId>/files/<name>. Folders 0700 and files 0600: they hold the académie's people.
 */
@Injectable()
export class FeedFolders {
  constructor(@Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig) {}

  private folder(feedId: string): string {
    return join(this.config.FEED_DIR, feedId);
  }

  async create(feedId: string): Promise<void> {
    await mkdir(join(this.folder(feedId), FILES), { recursive: true, mode: 0o700 });
  }

  /** Writes one delivered file as it streams; `wx`: a second file of the same name is refused, never merged. */
  async write(feedId: string, name: string, content: Readable, meter: Transform): Promise<void> {
    await pipeline(content, meter, createWriteStream(join(this.folder(feedId), FILES, name), { flags: 'wx', mode: 0o600 }));
  }

  async writeManifest(feedId: string, manifest: FeedManifest): Promise<void> {
    await writeFile(join(this.folder(feedId), MANIFEST), JSON.stringify(manifest), { flag: 'wx', mode: 0o600 });
  }

  /** The manifest and the files' paths (sorted by name), or null when the folder is gone. */
  async open(feedId: string): Promise<{ manifest: FeedManifest; paths: string[] } | null> {
    try {
      const manifest = JSON.parse(await readFile(join(this.folder(feedId), MANIFEST), 'utf8')) as FeedManifest;
      const names = (await readdir(join(this.folder(feedId), FILES))).sort();
      return { manifest, paths: names.map((name) => join(this.folder(feedId), FILES, name)) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(feedId: string): Promise<void> {
    await rm(this.folder(feedId), { recursive: true, force: true });
  }

  /** Deletes the feed folders last written before `before` (reads that never ended); returns how many. */
  async removeOlderThan(before: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.config.FEED_DIR);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.config.FEED_DIR, name);
      const info = await stat(path).catch(() => null);
      if (!info?.isDirectory() || info.mtimeMs >= before.getTime()) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }
}
