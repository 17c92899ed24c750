/** Where a range of account ids ends: the ids after `after` (exclusive) up to `upTo` (inclusive). */
export interface IdRange {
  /** Absent: from the first id. */
  after?: string;
  /** Absent: to the last id. */
  upTo?: string;
}

/**
 * The ranges of account ids a campaign's freeze reads side by side: identity's SELECT is the cost of
 * a freeze (PostgreSQL reads each account's classes, school and children), and one call at a time
 * keeps one PostgreSQL backend busy. Account ids are random (v4), so `count` equal slices of the id
 * space hold about as many accounts each. The ranges follow one another, each starting after the
 * end of the one before, so they cover every id exactly once whatever the ids; every bound is a
 * valid v4 uuid (the RPC's schema checks them).
 */
export function freezeRanges(count: number): IdRange[] {
  const end = (i: number) => `${Math.floor(((i + 1) * 2 ** 32) / count - 1).toString(16).padStart(8, '0')}-ffff-4fff-bfff-ffffffffffff`;
  return Array.from({ length: count }, (_, i) => ({ after: i > 0 ? end(i - 1) : undefined, upTo: i < count - 1 ? end(i) : undefined }));
}

/** Whether an account id falls in the range. */
export function inRange(id: string, range: IdRange): boolean {
  return (range.after === undefined || id > range.after) && (range.upTo === undefined || id <= range.upTo);
}
