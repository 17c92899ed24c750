import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readDelivery } from './delivery';
import { writeSyntheticDelivery } from './tools/synthetic-delivery';

// A sanity check, not a timing: reading a 200,000-person delivery (≈ 100 MB of XML) holds one chunk
// and the records it completes, plus the INEs seen (to refuse a duplicate), never the delivery.
// What is measured is the heap that survives a full collection: garbage not yet collected depends on
// how busy the machine is, what is retained does not.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const retained = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

describe('memory of the readers', () => {
  const out = mkdtempSync(join(tmpdir(), 'feeds-memory-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('stays bounded while a generated 200,000-person AAF delivery is read', async () => {
    const generated = await writeSyntheticDelivery({ people: 200_000, out, seed: 15 });
    const bytes = readdirSync(out).reduce((sum, name) => sum + statSync(join(out, name)).size, 0);
    expect(bytes).toBeGreaterThan(90_000_000);

    const before = retained();
    let records = 0;
    let peak = 0;
    const profiles = { student: 0, relative: 0, teacher: 0, personnel: 0 };
    for await (const record of readDelivery(generated.files)) {
      records += 1;
      if (record.kind === 'person') profiles[record.profile] += 1;
      if (records % 20_000 === 0) peak = Math.max(peak, retained() - before);
    }
    expect(records).toBe(200_300);
    expect(profiles.student).toBe(90_000);
    expect(profiles.relative).toBe(100_000);
    expect(profiles.teacher + profiles.personnel).toBe(10_000);
    // Under 80 MB retained for 100 MB of XML (the records, held, would take more than that).
    expect(peak).toBeLessThan(80_000_000);
  }, 300_000);
});
