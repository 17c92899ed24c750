import { z } from 'zod';
import { defineRpc } from '../rpc';

/*
 * Académie feeds (issue 15): an AAF delivery or one school's export (SIECLE, STS-web, ONDE). The
 * importer reads the files (libs/feeds) and stages their records at identity in chunks; identity
 * computes the diff against what it holds, by `source` + `joinKey` (accounts.source and
 * accounts.external_id), never by name; nothing changes until someone confirms.
 */

export const FEED_SOURCES = ['aaf', 'siecle', 'sts', 'onde'] as const;
export const FeedSourceSchema = z.enum(FEED_SOURCES);
export type FeedSource = z.infer<typeof FeedSourceSchema>;

export const FeedProfileSchema = z.enum(['student', 'relative', 'teacher', 'personnel']);
export type FeedProfile = z.infer<typeof FeedProfileSchema>;

const FeedUaiSchema = z.string().regex(/^\d{7}[A-Z]$/);
const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const FeedSchoolSchema = z.object({
  kind: z.literal('school'),
  source: FeedSourceSchema,
  uai: FeedUaiSchema,
  name: z.string(),
});
export type FeedSchool = z.infer<typeof FeedSchoolSchema>;

export const FeedClassSchema = z.object({ uai: FeedUaiSchema, name: z.string().min(1) });
export type FeedClass = z.infer<typeof FeedClassSchema>;

/**
 * A link between a student and a relative, as one side of the feed states it. `legal` is kept as
 * the file says it, and identity decides what it means (AAF's 2 links only when FEED_LINK_LEGAL_2
 * says so): 1 or 2 as in AAF's `ENTElevePersRelEleve` or SIECLE's `RESP_LEGAL`, 0 for SIECLE's
 * other contacts, null when this side of the file does not say (AAF's `ENTAuxPersRelEleveEleve`).
 */
export const FeedRelativeLinkSchema = z.object({
  childKey: z.string().min(1),
  relativeKey: z.string().min(1),
  legal: z.union([z.literal(0), z.literal(1), z.literal(2)]).nullable(),
  /** AAF's "lien" or SIECLE's CODE_PARENTE: the kinship code, as written. */
  kinship: z.string().nullable(),
  financial: z.boolean().nullable(),
  contact: z.boolean().nullable(),
});
export type FeedRelativeLink = z.infer<typeof FeedRelativeLinkSchema>;

export const FeedPersonSchema = z.object({
  kind: z.literal('person'),
  source: FeedSourceSchema,
  /** The feed's stable key: AAF ENTPersonJointure, SIECLE ELEVE_ID or PERSONNE_ID, STS individual ID, ONDE identifier. */
  joinKey: z.string().min(1).max(100),
  ine: z.string().max(20).nullable(),
  lastName: z.string().max(100),
  firstName: z.string().max(100),
  birthDate: IsoDateSchema.nullable(),
  profile: FeedProfileSchema,
  schools: z.array(FeedUaiSchema).max(50),
  classes: z.array(FeedClassSchema).max(100),
  email: z.string().max(320).nullable(),
  mobile: z.string().max(40).nullable(),
  functions: z.array(z.string().max(200)).max(50),
  relatives: z.array(FeedRelativeLinkSchema).max(50),
  /** SIECLE's DATE_SORTIE: the student has left on that day. */
  exitDate: IsoDateSchema.nullable(),
});
export type FeedPerson = z.infer<typeof FeedPersonSchema>;

export const FeedRecordSchema = z.discriminatedUnion('kind', [FeedSchoolSchema, FeedPersonSchema]);
export type FeedRecord = z.infer<typeof FeedRecordSchema>;

/** `aaf`: the académie's full snapshot (every school it names). `school`: one school's export, a snapshot of that school only. */
export const FeedKindSchema = z.enum(['aaf', 'school']);
export type FeedKind = z.infer<typeof FeedKindSchema>;

/**
 * reading: the importer reads the files and stages their records; diffing: identity compares;
 * ready: the diff waits for a confirmation; applying, applied; failed: a file was refused (see
 * `error`) or the apply could not run. A feed is never half applied.
 */
export const FEED_STATUSES = ['reading', 'diffing', 'ready', 'applying', 'applied', 'failed'] as const;
export const FeedStatusSchema = z.enum(FEED_STATUSES);
export type FeedStatus = z.infer<typeof FeedStatusSchema>;

/**
 * The diff's categories. One account may be in several (renamed and moved); `new` and `leaver`
 * are alone. `links_added` and `links_removed` count relative links, the others accounts.
 */
export const FEED_CHANGE_CATEGORIES = ['new', 'names', 'contacts', 'moved', 'profile', 'links_added', 'links_removed', 'leaver', 'returner'] as const;
export const FeedChangeCategorySchema = z.enum(FEED_CHANGE_CATEGORIES);
export type FeedChangeCategory = z.infer<typeof FeedChangeCategorySchema>;

/** Every category, 0 included (zod 4's record of an enum requires each key): clients need not guess an absent one. */
export const FeedCountsSchema = z.record(FeedChangeCategorySchema, z.number().int().min(0));
export type FeedCounts = z.infer<typeof FeedCountsSchema>;

/** A refusal of the files, as libs/feeds' FeedError says it: the gateway adds the sentence. */
export const FeedReadErrorSchema = z.object({
  code: z.string().max(100),
  file: z.string().max(500),
  record: z.string().max(200).optional(),
  field: z.string().max(200).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FeedReadError = z.infer<typeof FeedReadErrorSchema>;

export const FeedSchoolSummarySchema = z.object({
  uai: z.string(),
  name: z.string().nullable(),
  /** Accounts of this feed's source in the school before the apply. */
  accounts: z.number().int(),
  counts: FeedCountsSchema,
  /** Leavers as a share of `accounts`, in percent (one decimal). */
  leaversPercent: z.number(),
  /** Over FEED_MAX_LEAVERS_PERCENT: the apply needs a second confirmation with a reason for this school. */
  held: z.boolean(),
});
export type FeedSchoolSummary = z.infer<typeof FeedSchoolSummarySchema>;

export const FeedViewSchema = z.object({
  id: z.uuid(),
  kind: FeedKindSchema,
  /** The school of a school export; null for AAF. */
  uai: z.string().nullable(),
  source: FeedSourceSchema.nullable(),
  status: FeedStatusSchema,
  files: z.array(z.string()),
  createdBy: z.object({ id: z.uuid(), username: z.string() }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Persons read so far (reading) or in the snapshot. */
  records: z.number().int(),
  totals: FeedCountsSchema,
  /** Sorted by UAI; only schools with a change, or held. */
  schools: z.array(FeedSchoolSummarySchema),
  maxLeaversPercent: z.number(),
  error: FeedReadErrorSchema.nullable(),
  confirmedBy: z.object({ id: z.uuid(), username: z.string() }).nullable(),
  confirmedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The reasons given for the held schools, as audited. */
  heldConfirmations: z.array(z.object({ uai: z.string(), reason: z.string() })),
  appliedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type FeedView = z.infer<typeof FeedViewSchema>;

export const FeedPageSchema = z.object({ total: z.number().int(), items: z.array(FeedViewSchema) });

/** One change of the diff: `before` and `after` hold only the fields the category is about. */
export const FeedChangeSchema = z.object({
  /** Position in the diff, for paging (`after`). */
  seq: z.number().int(),
  category: FeedChangeCategorySchema,
  uai: z.string().nullable(),
  joinKey: z.string(),
  accountId: z.uuid().nullable(),
  username: z.string().nullable(),
  lastName: z.string().nullable(),
  firstName: z.string().nullable(),
  profile: FeedProfileSchema.nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type FeedChange = z.infer<typeof FeedChangeSchema>;

export const FeedChangesPageSchema = z.object({
  items: z.array(FeedChangeSchema),
  /** The `after` of the next page; null on the last one. */
  next: z.number().int().nullable(),
});

// ---- RPC inputs ----

export const OpenFeedSchema = z.object({
  feedId: z.uuid(),
  kind: FeedKindSchema,
  /** Required for a school export: the school the files must belong to. */
  uai: FeedUaiSchema.nullable(),
  files: z.array(z.string().max(500)).min(1).max(500),
});

export const StageFeedSchema = z.object({
  feedId: z.uuid(),
  /** 0, 1, 2 … in reading order: a chunk sent again replaces itself. */
  chunk: z.number().int().min(0),
  records: z.array(FeedRecordSchema).min(1).max(5_000),
});

export const CloseFeedSchema = z.object({
  feedId: z.uuid(),
  /** How many chunks and persons were staged: a close that does not match them is refused. */
  chunks: z.number().int().min(0),
  persons: z.number().int().min(0),
  /** Every file the delivery held (a zip's entries included), as the feed shows them. */
  files: z.array(z.string().max(500)).max(5_000).optional(),
});

export const FailFeedSchema = z.object({ feedId: z.uuid(), error: FeedReadErrorSchema });

export const FeedIdSchema = z.object({ id: z.uuid() });

export const ListFeedsSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export const FeedChangesQuerySchema = z.object({
  id: z.uuid(),
  category: FeedChangeCategorySchema.optional(),
  uai: FeedUaiSchema.optional(),
  /** The `seq` of the last change of the previous page. */
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5_000).default(50),
});

export const ConfirmFeedSchema = z.object({
  id: z.uuid(),
  /** For each held school, the second confirmation: its UAI and why the loss is expected (audited). */
  held: z
    .array(z.object({ uai: FeedUaiSchema, reason: z.string().trim().min(10).max(500) }))
    .max(1_000)
    .default([]),
});

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
/** Feeds, answered by identity on QUEUES.identityRpc. */
export const IdentityFeedRpc = {
  /** With the uploader's token: checks who may (AAF: the manager; a school export: the manager or that school's administrators). */
  open: defineRpc('identity.feeds.open', OpenFeedSchema, FeedViewSchema),
  /** With the delegation of the feed (DELEGATED_OPERATIONS.readFeed). */
  stage: defineRpc('identity.feeds.stage', StageFeedSchema, z.object({ staged: z.number().int() })),
  close: defineRpc('identity.feeds.close', CloseFeedSchema, FeedViewSchema),
  fail: defineRpc('identity.feeds.fail', FailFeedSchema, FeedViewSchema),
  list: defineRpc('identity.feeds.list', ListFeedsSchema, FeedPageSchema),
  get: defineRpc('identity.feeds.get', FeedIdSchema, FeedViewSchema),
  changes: defineRpc('identity.feeds.changes', FeedChangesQuerySchema, FeedChangesPageSchema),
  /** Starts the apply (all or nothing, in the background); refused with `conflict` (reason feed_held) while a held school lacks its reason. */
  confirm: defineRpc('identity.feeds.confirm', ConfirmFeedSchema, FeedViewSchema),
} as const;
