/**
 * Dates typed as a French administration writes them, dd/mm/yyyy, whatever the browser's language
 * (a native date field follows the browser: mm/dd/yyyy in an English one); the API takes yyyy-mm-dd.
 */
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TYPED_DAY = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;

export const isIsoDay = (value: unknown): value is string => typeof value === 'string' && ISO_DAY.test(value) && dayExists(value);

function dayExists(iso: string): boolean {
  const [, y, m, d] = ISO_DAY.exec(iso)!.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** 2026-09-05 → 05/09/2026; anything else (a date being typed) is shown as it is. */
export function dayShown(value: unknown): string {
  if (typeof value !== 'string') return '';
  const match = ISO_DAY.exec(value);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : value;
}

/** 5/9/2026, 05.09.2026 or 05-09-2026 → 2026-09-05; undefined when it is not a day of the calendar. */
export function dayTyped(text: string): string | undefined {
  const match = TYPED_DAY.exec(text);
  if (!match) return undefined;
  const iso = `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}`;
  return dayExists(iso) ? iso : undefined;
}
