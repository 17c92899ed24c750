import type { FeedRecord } from '@sesame/contracts';

export interface ChunkTotals {
  chunks: number;
  persons: number;
}

/**
 * Sends records in chunks of `size`, numbered 0, 1, 2 … in reading order (a job run again sends the
 * same numbers, and identity replaces each chunk), with at most `inFlight` chunks unanswered: the
 * next records are pulled from the reader only when a send completes, so a slow identity slows the
 * reading instead of filling memory. Rejects with the first error, after the sends in flight settle.
 */
export async function sendInChunks(
  records: AsyncIterable<FeedRecord>,
  size: number,
  inFlight: number,
  send: (chunk: number, records: FeedRecord[]) => Promise<void>,
): Promise<ChunkTotals> {
  const pending: Array<Promise<void>> = [];
  let chunks = 0;
  let persons = 0;
  let batch: FeedRecord[] = [];
  const flush = async () => {
    const sent = send(chunks++, batch);
    batch = [];
    // Observed at once, awaited in order: a failure while others travel is not unhandled.
    sent.catch(() => undefined);
    pending.push(sent);
    if (pending.length >= inFlight) await pending.shift();
  };
  try {
    for await (const record of records) {
      if (record.kind === 'person') persons++;
      batch.push(record);
      if (batch.length >= size) await flush();
    }
    if (batch.length) await flush();
    for (const sent of pending.splice(0)) await sent;
  } finally {
    await Promise.allSettled(pending);
  }
  return { chunks, persons };
}
