import type { FeedRecord } from '@sesame/contracts';
import { sendInChunks } from './feed-chunks';

const school = (uai: string): FeedRecord => ({ kind: 'school', source: 'aaf', uai, name: uai });
const person = (key: string): FeedRecord => ({
  kind: 'person', source: 'aaf', joinKey: key, ine: null, lastName: 'Conte', firstName: 'Lou', birthDate: null, profile: 'student',
  schools: [], classes: [], email: null, mobile: null, functions: [], relatives: [], exitDate: null,
});

async function* records(count: number, read: { pulled: number }): AsyncGenerator<FeedRecord> {
  yield school('0750001U');
  for (let i = 0; i < count; i++) {
    read.pulled++;
    yield person(String(i));
  }
}

describe('sending a feed’s records in chunks', () => {
  it('numbers the chunks in reading order and counts the persons', async () => {
    const sent: Array<{ chunk: number; keys: string[] }> = [];
    const totals = await sendInChunks(records(7, { pulled: 0 }), 3, 2, async (chunk, batch) => {
      sent.push({ chunk, keys: batch.map((r) => (r.kind === 'person' ? r.joinKey : r.uai)) });
    });
    expect(totals).toEqual({ chunks: 3, persons: 7 });
    expect(sent).toEqual([
      { chunk: 0, keys: ['0750001U', '0', '1'] },
      { chunk: 1, keys: ['2', '3', '4'] },
      { chunk: 2, keys: ['5', '6'] },
    ]);
  });

  it('reads no further than two chunks ahead of identity’s answers', async () => {
    const read = { pulled: 0 };
    const answers: Array<() => void> = [];
    const done = sendInChunks(records(100, read), 10, 2, () => new Promise<void>((resolve) => answers.push(resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Two chunks sent and unanswered; the reader stopped within the third one.
    expect(answers.length).toBe(2);
    expect(read.pulled).toBeLessThanOrEqual(20);
    let answered = 0;
    for (let answer = answers.shift(); answer; answer = answers.shift()) {
      answer();
      answered++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(answers.length).toBeLessThanOrEqual(2);
    }
    // The school and 100 persons: 11 chunks of 10.
    await expect(done).resolves.toEqual({ chunks: 11, persons: 100 });
    expect(answered).toBe(11);
  });

  it('stops at the first refusal, whatever is still in flight', async () => {
    const read = { pulled: 0 };
    const refusal = new Error('identity refused chunk 1');
    await expect(sendInChunks(records(100, read), 10, 2, async (chunk) => {
      if (chunk === 1) throw refusal;
    })).rejects.toBe(refusal);
    expect(read.pulled).toBeLessThan(50);
  });
});
