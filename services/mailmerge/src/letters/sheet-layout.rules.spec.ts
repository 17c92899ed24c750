import { A4, MM, Segment, cutMarks, letterDesign, letterShape, pagesFor, sheetsFor, slotsOf } from './sheet-layout.rules';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;
const horizontal = (s: Segment) => close(s.y1, s.y2);

describe('slotsOf', () => {
  it('gives one letter the whole sheet', () => {
    expect(slotsOf(1)).toEqual([{ x: 0, y: 0, width: A4.width, height: A4.height, scale: 1 }]);
    expect(letterShape(1)).toBe('portrait');
  });

  it('puts two landscape halves one above the other, at full size', () => {
    const slots = slotsOf(2);
    expect(slots.map((s) => [s.x, s.y, s.scale])).toEqual([
      [0, 0, 1],
      [0, A4.height / 2, 1],
    ]);
    expect(letterShape(2)).toBe('landscape');
    expect(letterDesign('landscape')).toEqual({ width: A4.width, height: A4.height / 2 });
  });

  it('puts eight letters in two columns and four rows, in reading order, at half size', () => {
    const slots = slotsOf(8);
    expect(slots).toHaveLength(8);
    expect(slots.map((s) => [s.x, s.y])).toEqual([
      [0, 0],
      [A4.width / 2, 0],
      [0, A4.height / 4],
      [A4.width / 2, A4.height / 4],
      [0, A4.height / 2],
      [A4.width / 2, A4.height / 2],
      [0, (3 * A4.height) / 4],
      [A4.width / 2, (3 * A4.height) / 4],
    ]);
    expect(new Set(slots.map((s) => s.scale))).toEqual(new Set([0.5]));
  });

  it.each([1, 2, 8] as const)('fills the sheet with slots that have the proportions of the design (layout %i)', (layout) => {
    const slots = slotsOf(layout);
    const design = letterDesign(letterShape(layout));
    expect(slots.reduce((area, s) => area + s.width * s.height, 0)).toBeCloseTo(A4.width * A4.height, 3);
    for (const s of slots) {
      expect(s.width).toBeCloseTo(design.width * s.scale, 6);
      expect(s.height).toBeCloseTo(design.height * s.scale, 6);
      expect(s.x + s.width).toBeLessThanOrEqual(A4.width + 1e-6);
      expect(s.y + s.height).toBeLessThanOrEqual(A4.height + 1e-6);
    }
  });
});

describe('cutMarks', () => {
  it('marks nothing on a sheet that is not cut', () => {
    expect(cutMarks(1)).toEqual([]);
  });

  it('marks the middle of both side edges for two per sheet', () => {
    const marks = cutMarks(2);
    expect(marks).toHaveLength(2);
    expect(marks.every(horizontal)).toBe(true);
    expect(marks.every((m) => close(m.y1, A4.height / 2))).toBe(true);
    expect(Math.min(...marks.map((m) => m.x1))).toBeCloseTo(3 * MM, 6);
    expect(Math.max(...marks.map((m) => m.x2))).toBeCloseTo(A4.width - 3 * MM, 6);
  });

  it('marks the three horizontal cuts, the vertical cut and their three crossings for eight per sheet', () => {
    const marks = cutMarks(8);
    // 3 cuts × 2 edges, 1 cut × 2 edges, 3 crossings × 2 arms.
    expect(marks).toHaveLength(6 + 2 + 6);
    const ys = [...new Set(marks.filter(horizontal).map((m) => m.y1))].sort((a, b) => a - b);
    expect(ys).toEqual([A4.height / 4, A4.height / 2, (3 * A4.height) / 4]);
    const verticals = marks.filter((m) => !horizontal(m));
    expect(verticals.every((m) => close(m.x1, A4.width / 2) && close(m.x2, A4.width / 2))).toBe(true);
  });

  it.each([2, 8] as const)('keeps every mark on a cut line and inside the printable sheet (layout %i)', (layout) => {
    const cuts = { x: slotsOf(layout).map((s) => s.x).filter((x) => x > 0), y: slotsOf(layout).map((s) => s.y).filter((y) => y > 0) };
    for (const m of cutMarks(layout)) {
      const onCut = horizontal(m) ? cuts.y.some((y) => close(y, m.y1)) : cuts.x.some((x) => close(x, m.x1));
      expect(onCut).toBe(true);
      for (const [x, y] of [
        [m.x1, m.y1],
        [m.x2, m.y2],
      ]) {
        expect(x).toBeGreaterThanOrEqual(3 * MM - 1e-6);
        expect(x).toBeLessThanOrEqual(A4.width - 3 * MM + 1e-6);
        expect(y).toBeGreaterThanOrEqual(3 * MM - 1e-6);
        expect(y).toBeLessThanOrEqual(A4.height - 3 * MM + 1e-6);
      }
    }
  });
});

describe('sheets and pages', () => {
  it('rounds letters up to whole sheets', () => {
    expect([0, 1, 2, 3].map((n) => sheetsFor(n, 2))).toEqual([0, 1, 1, 2]);
    expect([1, 8, 9, 17].map((n) => sheetsFor(n, 8))).toEqual([1, 1, 2, 3]);
  });

  it('adds a cover sheet to each class and starts each class on a new sheet', () => {
    expect(pagesFor([3, 9], 8)).toBe(1 + 1 + 1 + 2);
    expect(pagesFor([3, 9], 1)).toBe(1 + 3 + 1 + 9);
    expect(pagesFor([5, 0], 2)).toBe(1 + 3);
  });
});
