import { z } from 'zod';
import type { RedisService } from './broker-topology';
import { RoleSchema } from './identity/accounts.schema';

/** A BullMQ job: its name, and the schema its data is parsed with where it is worked (libs/jobs). */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly data: S;
}

/** A BullMQ queue: its name, the one service whose workers take its jobs (and touch its keys), its jobs. */
export interface JobQueueDefinition<J extends Record<string, JobDefinition> = Record<string, JobDefinition>> {
  readonly name: string;
  readonly owner: RedisService;
  readonly jobs: J;
}

/**
 * Who an import job acts for, and the delegation identity signed for that job's one operation (see
 * IdentityDelegationRpc): never an access token. Identity loads the person from its data at each
 * call, so a deactivation or ended sessions stop the job. Strict: a job queued by an older version
 * (with the person's `token`) is refused as a whole, never run.
 */
export const ImportJobDataSchema = z
  .object({
    importId: z.uuid(),
    actor: z.object({ id: z.uuid(), role: RoleSchema }).strict(),
    delegation: z.string().min(1).max(8_192),
  })
  .strict();
export type ImportJobData = z.infer<typeof ImportJobDataSchema>;

/** A feed's reading: who uploaded it and the delegation identity signed for that feed (DELEGATED_OPERATIONS.readFeed). */
export const FeedJobDataSchema = z
  .object({
    feedId: z.uuid(),
    actor: z.object({ id: z.uuid(), role: RoleSchema }).strict(),
    delegation: z.string().min(1).max(8_192),
  })
  .strict();
export type FeedJobData = z.infer<typeof FeedJobDataSchema>;

/** Scheduled jobs carry nothing: what they work on is in the database. */
const NOTHING = z.object({});

// WARNING: BullMQ queue and job names are keys in Redis shared by every replica; never rename one
// while jobs are queued under it.

/** Every BullMQ queue, with its owner and its jobs: the one map of queue and job names. */
export const JOB_QUEUES = {
  /** Identity's scheduled housekeeping (deleting accounts past their grace period, folding counts). */
  identityMaintenance: {
    name: 'identity-maintenance',
    owner: 'identity',
    jobs: {
      purgePreDeleted: { name: 'purge-pre-deleted', data: NOTHING },
      /** Folds the ledger of the selection's counts (account_tallies) into one row per combination. */
      foldTallies: { name: 'fold-selection-tallies', data: NOTHING },
      /** Computes the login skeletons accounts do not have yet (migration 0009, issue 12). */
      fillLoginSkeletons: { name: 'fill-login-skeletons', data: NOTHING },
      /** Moves the leavers due through deactivation and pre-deletion (issue 16's calendar). */
      advanceLifecycle: { name: 'advance-lifecycle', data: NOTHING },
    },
  },
  /** Identity's housekeeping of imports (rows staged by imports that never committed). */
  identityImports: {
    name: 'identity-imports',
    owner: 'identity',
    jobs: {
      purgeStaleStaging: { name: 'purge-stale-import-staging', data: NOTHING },
    },
  },
  /** Identity's side of feeds (issue 15): the diff of a staged feed, then its apply once confirmed. */
  identityFeeds: {
    name: 'identity-feeds',
    owner: 'identity',
    jobs: {
      diff: { name: 'diff-feed', data: z.object({ feedId: z.uuid() }).strict() },
      apply: { name: 'apply-feed', data: z.object({ feedId: z.uuid() }).strict() },
      /** Deletes the staged records and changes of feeds applied or abandoned long ago. */
      purge: { name: 'purge-feeds', data: NOTHING },
    },
  },
  /**
   * The importer: the checks of an upload against the directory, then the import once confirmed.
   * Identity checks every row against the rights of whoever uploaded or confirmed.
   */
  importerImports: {
    name: 'importer-imports',
    owner: 'importer',
    jobs: {
      validate: { name: 'validate', data: ImportJobDataSchema },
      import: { name: 'import', data: ImportJobDataSchema },
    },
  },
  /** The importer reads an uploaded feed's files (libs/feeds) and stages their records at identity. */
  importerFeeds: {
    name: 'importer-feeds',
    owner: 'importer',
    jobs: {
      read: { name: 'read-feed', data: FeedJobDataSchema },
    },
  },
  /** The importer's scheduled housekeeping (deleting rows past the retention delay, failing stalled imports, leftover feed files). */
  importerMaintenance: {
    name: 'importer-maintenance',
    owner: 'importer',
    jobs: {
      purgeExpired: { name: 'purge-expired-imports', data: NOTHING },
      /** Fails imports still validating or importing that showed no progress for too long. */
      failStalled: { name: 'fail-stalled-imports', data: NOTHING },
      /** Deletes the files of feeds whose read never ended (FEED_FILES_MAX_AGE_MS); a read deletes its own. */
      purgeFeedFiles: { name: 'purge-feed-files', data: NOTHING },
    },
  },
  /**
   * Mailmerge: one job per campaign (freeze the selection, then write the PDF or queue the emails).
   * No secret travels in them: the campaign's row holds the delegation that lets the job read its
   * selection, until the selection is frozen.
   */
  mailmergeCampaigns: {
    name: 'mailmerge-campaigns',
    owner: 'mailmerge',
    jobs: {
      runCampaign: { name: 'run-campaign', data: z.object({ campaignId: z.uuid() }) },
    },
  },
  /** Mailmerge: one job per campaign email, under the rate limit shared by every replica. */
  mailmergeCampaignEmails: {
    name: 'mailmerge-campaign-emails',
    owner: 'mailmerge',
    jobs: {
      sendCampaignEmail: { name: 'send-campaign-email', data: z.object({ campaignId: z.uuid(), accountId: z.uuid() }) },
    },
  },
  /** Mailmerge's scheduled housekeeping (deleting letter documents past their retention delay). */
  mailmergeMaintenance: {
    name: 'mailmerge-maintenance',
    owner: 'mailmerge',
    jobs: {
      purgeDocuments: { name: 'purge-campaign-documents', data: NOTHING },
    },
  },
} as const satisfies Record<string, JobQueueDefinition>;
