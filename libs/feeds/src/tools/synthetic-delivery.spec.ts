import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedPerson } from '../records';
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

  it('is the same académie a year later: 10 % gone, as many new, about 5 % moved, the others unchanged', async () => {
    const [first, second] = [1, 2].map(() => mkdtempSync(join(tmpdir(), 'synthetic-year-')));
    const persons = async (out: string, year: number) => {
      const generated = await writeSyntheticDelivery({ people: 2_000, out, seed: 7, schools: 10, chunk: 500, year });
      const byKey = new Map<string, FeedPerson>();
      for await (const record of readDelivery(generated.files)) if (record.kind === 'person') byKey.set(record.joinKey, record);
      return byKey;
    };
    const before = await persons(first, 1);
    const after = await persons(second, 2);
    const left = [...before.values()].filter((p) => !after.has(p.joinKey));
    const arrived = [...after.values()].filter((p) => !before.has(p.joinKey));
    const stayed = [...after.values()].filter((p) => before.has(p.joinKey));
    const count = (list: FeedPerson[], profile: string) => list.filter((p) => (profile === 'staff' ? p.profile === 'teacher' || p.profile === 'personnel' : p.profile === profile)).length;
    // 90 of 900 students with their 100 relatives, 10 of 100 staff; as many arrive.
    expect([count(left, 'student'), count(left, 'relative'), count(left, 'staff')]).toEqual([90, 100, 10]);
    expect([count(arrived, 'student'), count(arrived, 'relative'), count(arrived, 'staff')]).toEqual([90, 100, 10]);
    const moved = stayed.filter((p) => JSON.stringify(p.classes) !== JSON.stringify(before.get(p.joinKey)!.classes));
    expect(moved.length).toBeGreaterThan(20);
    expect(moved.length).toBeLessThan(90);
    const strip = (p: FeedPerson) => ({ ...p, classes: [] });
    expect(stayed.filter((p) => JSON.stringify(strip(p)) !== JSON.stringify(strip(before.get(p.joinKey)!)))).toEqual([]);
    for (const dir of [first, second]) rmSync(dir, { recursive: true, force: true });
  });
});
