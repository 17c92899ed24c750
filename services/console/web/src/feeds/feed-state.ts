import { FEED_CHANGE_CATEGORIES, type FeedChange, type FeedChangeCategory, type FeedReadError, type FeedView } from '@sesame/contracts/src/identity/feeds.schema';
import type { FeedError } from '@sesame/feeds/src/errors';
import { FEED_MESSAGES, feedMessage } from '@sesame/feeds/src/messages';

/*
 * The académie feeds' screens, as plain functions (tested in feed-state.spec.ts): where a feed
 * stands, what can be confirmed, the held schools' second confirmation, and a change's before → after.
 */

/** A sentence of the catalogue (`sesame.feeds.…`) and what fills it in. */
export interface Sentence {
  key: string;
  args: Record<string, string | number>;
}

/** Counts by category; a category the answer leaves out counts 0. */
type Counts = Partial<FeedView['totals']>;
type Feed = Pick<FeedView, 'status' | 'records' | 'confirmedAt'> & { totals: Counts; schools: ReadonlyArray<{ held: boolean }>; error: unknown };

export const FEED_CATEGORIES = FEED_CHANGE_CATEGORIES;

/** A feed still moving (read, compared or applied): its page asks for news until it has settled. */
export const feedIsActive = (feed: Pick<FeedView, 'status'> | undefined) => feed?.status === 'reading' || feed?.status === 'diffing' || feed?.status === 'applying';

/** Every change of the diff, all categories together. */
export const totalChanges = (counts: Counts | undefined): number => FEED_CATEGORIES.reduce((sum, category) => sum + (counts?.[category] ?? 0), 0);

/** The categories in the diff's order, each with its count (0 when the feed does not say). */
export const categoryCounts = (counts: Counts | undefined): Array<{ category: FeedChangeCategory; count: number }> =>
  FEED_CATEGORIES.map((category) => ({ category, count: counts?.[category] ?? 0 }));

/** The schools that lose more than the allowed share of their accounts: each needs its own confirmation. */
export const heldSchools = <S extends { held: boolean }>(feed: { schools: readonly S[] }): S[] => feed.schools.filter((school) => school.held);

/** Where a feed stands, in one sentence (`sesame.feeds.state.<key>`). */
export function feedState(feed: Feed): Sentence {
  const changes = totalChanges(feed.totals);
  switch (feed.status) {
    case 'reading':
      return { key: 'reading', args: { smart_count: feed.records } };
    case 'diffing':
      return { key: 'diffing', args: { smart_count: feed.records } };
    case 'ready': {
      if (changes === 0) return { key: 'unchanged', args: { smart_count: feed.records } };
      const held = heldSchools(feed).length;
      return held ? { key: 'readyHeld', args: { smart_count: changes, held } } : { key: 'ready', args: { smart_count: changes } };
    }
    case 'applying':
      return { key: 'applying', args: { smart_count: changes } };
    case 'applied':
      return { key: 'applied', args: { smart_count: changes } };
    default:
      return { key: feed.error ? 'failedFiles' : 'failedApply', args: {} };
  }
}

/**
 * Why « Confirmer » cannot be pressed (`sesame.feeds.blocked.<key>`), or null when it can. Once
 * confirmed (applying, applied), the button is gone.
 */
export function confirmBlock(feed: Feed): 'waiting' | 'failed' | 'nothing' | 'confirmed' | null {
  if (feed.status === 'reading' || feed.status === 'diffing') return 'waiting';
  if (feed.status === 'applying' || feed.status === 'applied' || feed.confirmedAt) return 'confirmed';
  if (feed.status === 'failed') return 'failed';
  if (totalChanges(feed.totals) === 0) return 'nothing';
  return null;
}

export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 500;

/** What is wrong with a held school's reason (`sesame.feeds.held.reason.<key>`), or null. */
export function reasonProblem(reason: string | undefined): 'tooShort' | 'tooLong' | null {
  const text = (reason ?? '').trim();
  if (text.length < REASON_MIN_LENGTH) return 'tooShort';
  if (text.length > REASON_MAX_LENGTH) return 'tooLong';
  return null;
}

/** One held school's second confirmation, as the person fills it in. */
export interface HeldAnswer {
  confirmed: boolean;
  reason: string;
}

/**
 * The `held` of POST /feeds/:id/confirm: every held school, explicitly confirmed, with a reason of
 * at least ten characters; or the UAIs of the schools still missing their second confirmation.
 */
export function heldConfirmations(
  schools: ReadonlyArray<{ uai: string; held: boolean }>,
  answers: Readonly<Record<string, HeldAnswer | undefined>>,
): { held: Array<{ uai: string; reason: string }>; missing: string[] } {
  const held: Array<{ uai: string; reason: string }> = [];
  const missing: string[] = [];
  for (const school of heldSchools({ schools })) {
    const answer = answers[school.uai];
    if (!answer?.confirmed || reasonProblem(answer.reason)) missing.push(school.uai);
    else held.push({ uai: school.uai, reason: answer.reason.trim() });
  }
  return { held, missing };
}

/** "12,5 %" or "12.5%": a share as people read it in the interface's language. */
export function percent(value: number, locale: string): string {
  const text = value.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
  return locale === 'en' ? `${text}%` : `${text}\u202f%`;
}

/** The fields of a change in a stable order: names first, then contacts, school, classes, profile, links, the account's state. */
const FIELD_ORDER = [
  'lastName',
  'firstName',
  'birthDate',
  'ine',
  'email',
  'mobile',
  'schools',
  'classes',
  'profile',
  'relativeLastName',
  'relativeFirstName',
  'relativeKey',
  'exitDate',
  'leaving',
  'deactivated',
  'preDeleted',
];
/** Identity's own bookkeeping in a change, not for people: an id beside the name it stands for, the apply's instruction beside the state. */
const HIDDEN_FIELDS = new Set(['relativeId', 'deactivate']);

/** The words of a yes/no value, in the interface's language. */
export interface ValueWords {
  yes: string;
  no: string;
}

/**
 * A value of a change as text: lists joined, a class (`UAI|name` as identity writes it, or
 * { uai, name }) as « name (UAI) », yes or no, nothing as « — ».
 */
export function formatValue(value: unknown, words: ValueWords = { yes: 'true', no: 'false' }): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (Array.isArray(value)) return value.length ? value.map((item) => formatValue(item, words)).join(', ') : '—';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string' && typeof record.uai === 'string') return `${record.name} (${record.uai})`;
    return Object.values(record)
      .filter((part) => part !== null && part !== undefined && part !== '')
      .map((part) => formatValue(part, words))
      .join(' ');
  }
  const schoolClass = /^(\d{7}[A-Z])\|(.+)$/.exec(String(value));
  return schoolClass ? `${schoolClass[2]} (${schoolClass[1]})` : String(value);
}

/**
 * A change's fields, each as before → after (one side is « — » for what appears or goes). `format`
 * writes a value (the page translates profiles, yes and no).
 */
export function changeFields(
  change: Pick<FeedChange, 'before' | 'after'>,
  format: (field: string, value: unknown) => string = (_field, value) => formatValue(value),
): Array<{ field: string; before: string; after: string }> {
  const keys = [...new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})])].filter((key) => !HIDDEN_FIELDS.has(key));
  const rank = (key: string) => (FIELD_ORDER.includes(key) ? FIELD_ORDER.indexOf(key) : FIELD_ORDER.length);
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const fields = keys.map((field) => ({ field, before: format(field, change.before?.[field]), after: format(field, change.after?.[field]) }));
  // A renamed person keeps a first name: only what changed is said, unless nothing did.
  const changed = fields.filter((entry) => entry.before !== entry.after);
  return changed.length ? changed : fields;
}

/** What keeps the upload form from being sent (`sesame.feeds.upload.problems.<key>`), or null. */
export function uploadProblem(values: { kind?: string | null; uai?: string | null; files?: readonly unknown[] | null }, role: string | undefined): 'aafManagerOnly' | 'uai' | 'files' | null {
  if (values.kind === 'aaf' && role !== 'manager') return 'aafManagerOnly';
  if (values.kind !== 'aaf' && !values.uai) return 'uai';
  if (!values.files?.length) return 'files';
  return null;
}

/** The first names of a feed's files, and how many more there are. */
export function filesSummary(files: readonly string[], shown = 3): { names: string[]; more: number } {
  return { names: files.slice(0, shown), more: Math.max(0, files.length - shown) };
}

/** Files added to a selection: a file chosen again (same name and size) replaces itself. */
export function addFiles<F extends { name: string; size: number }>(chosen: readonly F[], added: readonly F[]): F[] {
  const key = (file: F) => `${file.name}\u0000${file.size}`;
  const byKey = new Map(chosen.map((file) => [key(file), file]));
  for (const file of added) byKey.set(key(file), file);
  return [...byKey.values()];
}

/**
 * The sentence of a refusal of the files, naming the file, the record and the field: the gateway's
 * when it gave one, else libs/feeds' own (the same words); null for a code neither knows.
 */
export function feedErrorSentence(error: FeedReadError & { message?: string }, locale: string): string | null {
  if (error.message) return error.message;
  if (!(error.code in FEED_MESSAGES.fr)) return null;
  const asError = { ...error, params: error.params ?? {} } as unknown as FeedError;
  return feedMessage(asError, locale === 'en' ? 'en' : 'fr');
}
