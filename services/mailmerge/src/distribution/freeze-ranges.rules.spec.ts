import { randomUUID } from 'node:crypto';
import { SelectForDistributionSchema } from '@sesame/contracts';
import { freezeRanges, inRange } from './freeze-ranges.rules';

describe('freezeRanges', () => {
  it('is the whole id space for one range', () => {
    expect(freezeRanges(1)).toEqual([{ after: undefined, upTo: undefined }]);
  });

  it('follows one range with the next, with bounds identity accepts', () => {
    const ranges = freezeRanges(3);
    expect(ranges[0].after).toBeUndefined();
    expect(ranges[2].upTo).toBeUndefined();
    for (let i = 1; i < ranges.length; i++) expect(ranges[i].after).toBe(ranges[i - 1].upTo);
    for (const range of ranges) expect(SelectForDistributionSchema.safeParse({ ...range, limit: 10 }).success).toBe(true);
    expect(freezeRanges(2)[0].upTo).toBe('7fffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('puts every id in exactly one range, the edges included, and shares random ids about evenly', () => {
    const ranges = freezeRanges(4);
    const ids = [...Array.from({ length: 4000 }, () => randomUUID()), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', ranges[1].upTo!, '7fffffff-ffff-ffff-ffff-ffffffffffff'];
    const counts = ranges.map(() => 0);
    for (const id of ids) {
      const holding = ranges.filter((r) => inRange(id, r));
      expect(holding).toHaveLength(1);
      counts[ranges.indexOf(holding[0])]++;
    }
    for (const n of counts) expect(n).toBeGreaterThan(800);
  });
});
