import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { FeedError } from './errors';
import type { FeedPerson, FeedRecord } from './records';

/** fixtures/feeds/<path>. */
export const fixture = (path: string) => join(__dirname, '..', '..', '..', 'fixtures', 'feeds', path);
export const open = (path: string) => createReadStream(fixture(path));

export async function collect(records: AsyncIterable<FeedRecord>): Promise<FeedRecord[]> {
  const all: FeedRecord[] = [];
  for await (const record of records) all.push(record);
  return all;
}

export const persons = (records: FeedRecord[]) => records.filter((record): record is FeedPerson => record.kind === 'person');

/** The FeedError a read ends with, as the fields a message uses. */
export async function failure(records: AsyncIterable<FeedRecord>) {
  try {
    await collect(records);
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    return { code: error.code, file: error.file, record: error.record, field: error.field, params: error.params };
  }
  throw new Error('the read did not fail');
}
