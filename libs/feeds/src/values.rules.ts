import { uaiCheckLetter } from '@sesame/account-rules';
import { FeedError, type FeedErrorDetails } from './errors';

type Where = Omit<FeedErrorDetails, 'params'>;

/** A date as the feeds write it (dd/mm/yyyy, or yyyy-mm-dd in STS-web), as ISO; empty is null. */
export function isoDate(value: string | undefined, where: Where): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [day, month, year] = french ? [french[1], french[2], french[3]] : iso ? [iso[3], iso[2], iso[1]] : [];
  if (day && month && year) {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    // 31/02 rolls over to March in Date: a date is right only when it comes back unchanged.
    if (date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1) return `${year}-${month}-${day}`;
  }
  throw new FeedError('date.malformed', { ...where, params: { value: text } });
}

/** A UAI with its right check letter (upper case), or a `uai.malformed` error. */
export function uai(value: string | undefined, where: Where): string {
  const text = value?.trim().toUpperCase() ?? '';
  const match = /^(\d{7})([A-Z])$/.exec(text);
  if (!match || uaiCheckLetter(match[1]) !== match[2]) throw new FeedError('uai.malformed', { ...where, params: { value: text } });
  return text;
}

/** A value that must be there. */
export function required(value: string | undefined, where: Where): string {
  const text = value?.trim() ?? '';
  if (text === '') throw new FeedError('record.missing_field', where);
  return text;
}

/** An optional value: empty is null. */
export const optional = (value: string | undefined): string | null => value?.trim() || null;

/** Remembers keys (INE, join keys) to refuse the second one, with where the first was. */
export class SeenKeys {
  private readonly first = new Map<string, string>();
  constructor(private readonly code: 'record.duplicate_ine' | 'record.duplicate_key') {}

  check(key: string | null, where: Where & { record: string }): void {
    if (key === null) return;
    const first = this.first.get(key);
    if (first !== undefined) throw new FeedError(this.code, { ...where, params: { value: key, first } });
    // Only the record, not the file's name: a national delivery holds some 450,000 INEs.
    this.first.set(key, where.record);
  }
}
