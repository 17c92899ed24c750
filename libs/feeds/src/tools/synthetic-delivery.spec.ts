import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDelivery } from '../delivery';
import { writeSyntheticDelivery } from './synthetic-delivery';

const contents = (dir: string) => readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]);

describe('the synthetic AAF delivery', () => {
  it('is the same for the same seed, different for another, and read back whole', async () => {
    const [a, b, c] = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'synthetic-')));
    await writeSyntheticDelivery({ people: 2_000, out: a, seed: 7, schools: 10, chunk: 500 });
    await writeSyntheticDelivery({ people: 2_000, out: b, seed: 7, schools: 10, chunk: 500 });
    const other = await writeSyntheticDelivery({ people: 2_000, out: c, seed: 8, schools: 10, chunk: 500 });
    expect(contents(a)).toEqual(contents(b));
    expect(contents(a)).not.toEqual(contents(c));
    // 900 students in two chunks of 500, 1,000 relatives in two, 100 staff in one, the schools in one.
    expect(other.files.map((file) => file.split('_').slice(-2).join('_'))).toEqual([
      'EtabEducNat_0000.xml', 'Eleve_0000.xml', 'Eleve_0001.xml', 'PersRelEleve_0000.xml', 'PersRelEleve_0001.xml', 'PersEducNat_0000.xml',
    ]);
    const counts = new Map<string, number>();
    for await (const record of readDelivery(other.files)) {
      const key = record.kind === 'school' ? 'school' : record.profile === 'teacher' || record.profile === 'personnel' ? 'staff' : record.profile;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ school: 10, student: 900, relative: 1_000, staff: 100 });
    for (const dir of [a, b, c]) rmSync(dir, { recursive: true, force: true });
  });
});
