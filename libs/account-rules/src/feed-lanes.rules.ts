/*
 * Sources stay in their lanes (issue 15): an account an académie feed owns keeps what the feed says
 * of it. A CSV import or an administrator's edit that would overwrite one of those fields is refused
 * with the reason, instead of silently undoing the next feed (or being undone by it).
 */

/** The `accounts.source` of accounts created by feeds (libs/contracts FEED_SOURCES). */
export const FEED_OWNING_SOURCES = ['aaf', 'siecle', 'sts', 'onde'] as const;

/** Fields a feed always owns on its accounts, as the API names them. */
export const FEED_OWNED_FIELDS = ['firstName', 'lastName', 'birthDate', 'profile', 'schoolIds', 'classIds', 'externalId'] as const;

/** Contact fields a feed owns only when it provides them (`accounts.feed_fields`). */
export const FEED_CONTACT_FIELDS = ['email', 'mobile'] as const;

export interface FeedLane {
  source: string | null;
  /** The contact fields the feed provided (`email`, `mobile`); null when it provided none. */
  feedFields: readonly string[] | null;
}

export function isFeedSource(source: string | null | undefined): boolean {
  return source != null && (FEED_OWNING_SOURCES as readonly string[]).includes(source);
}

/** The fields of this account nobody but its feed may change; none for an account no feed owns. */
export function feedOwnedFields(account: FeedLane): string[] {
  if (!isFeedSource(account.source)) return [];
  const contacts = FEED_CONTACT_FIELDS.filter((f) => account.feedFields?.includes(f));
  return [...FEED_OWNED_FIELDS, ...contacts];
}

/**
 * One issue per field of `changed` (the fields an edit would really change, by their API names)
 * that the account's feed owns: code `field.feed_owned`, with the feed's source.
 */
export function feedOwnedIssues(account: FeedLane, changed: readonly string[], fieldPrefix = ''): Array<{ field: string; code: string; params: Record<string, string> }> {
  const owned = new Set(feedOwnedFields(account));
  return changed
    .filter((field) => owned.has(field))
    .map((field) => ({ field: `${fieldPrefix}${field}`, code: 'field.feed_owned', params: { source: account.source! } }));
}
