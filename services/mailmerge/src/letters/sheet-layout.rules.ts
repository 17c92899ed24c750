import type { CampaignLayout } from '@sesame/contracts';

/** PDF points per millimetre. */
export const MM = 72 / 25.4;
/** An A4 sheet in points, portrait. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface Size {
  width: number;
  height: number;
}

/** Where one letter goes on a sheet: its design (see letterDesign) drawn at (x, y), scaled by `scale`. */
export interface Slot extends Size {
  x: number;
  y: number;
  scale: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The letter as it is designed before being placed: a whole A4 page (1 per sheet), or half an A4
 * turned landscape (2 per sheet; 8 per sheet is the same design at half size, since an eighth of
 * A4 has the proportions of a half).
 */
export type LetterShape = 'portrait' | 'landscape';

export function letterShape(layout: CampaignLayout): LetterShape {
  return layout === 1 ? 'portrait' : 'landscape';
}

export function letterDesign(shape: LetterShape): Size {
  return shape === 'portrait' ? { ...A4 } : { width: A4.width, height: A4.height / 2 };
}

/** The slots of a sheet, in reading order (left to right, then top to bottom). */
export function slotsOf(layout: CampaignLayout): Slot[] {
  const columns = layout === 8 ? 2 : 1;
  const rows = layout / columns;
  const width = A4.width / columns;
  const height = A4.height / rows;
  const scale = width / letterDesign(letterShape(layout)).width;
  return Array.from({ length: layout }, (_, i) => ({ x: (i % columns) * width, y: Math.floor(i / columns) * height, width, height, scale }));
}

/** Cut marks stay clear of the sheet's edge, which most printers cannot print. */
const EDGE_GAP = 3 * MM;
const EDGE_MARK = 9 * MM;
/** Half the length of the arms of the crosses where two cuts meet inside the sheet. */
const CROSS_ARM = 3 * MM;

/**
 * Where the sheet is cut (layouts 2 and 8): a short mark on the edges at each end of each cut, and
 * a small cross where two cuts meet. They lie on the cut lines, between letters, so no mark runs
 * into a letter's text (each letter keeps a margin of at least 6 mm: see letter-painter).
 */
export function cutMarks(layout: CampaignLayout): Segment[] {
  const slots = slotsOf(layout);
  const xs = [...new Set(slots.map((s) => s.x).filter((x) => x > 0))];
  const ys = [...new Set(slots.map((s) => s.y).filter((y) => y > 0))];
  const { width: W, height: H } = A4;
  const marks: Segment[] = [];
  for (const y of ys) {
    marks.push({ x1: EDGE_GAP, y1: y, x2: EDGE_GAP + EDGE_MARK, y2: y }, { x1: W - EDGE_GAP - EDGE_MARK, y1: y, x2: W - EDGE_GAP, y2: y });
  }
  for (const x of xs) {
    marks.push({ x1: x, y1: EDGE_GAP, x2: x, y2: EDGE_GAP + EDGE_MARK }, { x1: x, y1: H - EDGE_GAP - EDGE_MARK, x2: x, y2: H - EDGE_GAP });
    for (const y of ys) marks.push({ x1: x - CROSS_ARM, y1: y, x2: x + CROSS_ARM, y2: y }, { x1: x, y1: y - CROSS_ARM, x2: x, y2: y + CROSS_ARM });
  }
  return marks;
}

/** Sheets a group of letters takes: each group (a class) starts on a sheet of its own. */
export function sheetsFor(letters: number, layout: CampaignLayout): number {
  return Math.ceil(letters / layout);
}

/** Pages of a document: for each class, a cover sheet then its letters. */
export function pagesFor(groupSizes: readonly number[], layout: CampaignLayout): number {
  return groupSizes.filter((n) => n > 0).reduce((pages, n) => pages + 1 + sheetsFor(n, layout), 0);
}
