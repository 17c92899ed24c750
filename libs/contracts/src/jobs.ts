import { z } from 'zod';
import { RoleSchema } from './identity/accounts.schema';

// WARNING: BullMQ queue and job names are keys in Redis shared by every replica; never rename one
// while jobs are queued under it.

/** BullMQ queues, each owned by one service. */
export const JOB_QUEUES = {
  /** Identity's scheduled housekeeping (deleting accounts past their grace period, folding counts). */
  identityMaintenance: 'identity-maintenance',
  /** Mailmerge: one job per campaign (freeze the selection, then write the PDF or queue the emails). */
  mailmergeCampaigns: 'mailmerge-campaigns',
  /** Mailmerge: one job per campaign email, under the rate limit shared by every replica. */
  mailmergeCampaignEmails: 'mailmerge-campaign-emails',
  /** Mailmerge's scheduled housekeeping (deleting letter documents past their retention delay). */
  mailmergeMaintenance: 'mailmerge-maintenance',
} as const;

/** Jobs of JOB_QUEUES.identityMaintenance. */
export const IdentityMaintenanceJobs = {
  purgePreDeleted: { name: 'purge-pre-deleted', data: z.object({}) },
  /** Folds the ledger of the selection's counts (account_tallies) into one row per combination. */
  foldTallies: { name: 'fold-selection-tallies', data: z.object({}) },
  /** Computes the login skeletons accounts do not have yet (migration 0009, issue 12). */
  fillLoginSkeletons: { name: 'fill-login-skeletons', data: z.object({}) },
} as const;

/**
 * Jobs of JOB_QUEUES.mailmergeCampaigns. No secret travels in them: the campaign's row holds the
 * delegation that lets the job read its selection, until the selection is frozen.
 */
export const MailmergeCampaignJobs = {
  runCampaign: { name: 'run-campaign', data: z.object({ campaignId: z.uuid() }) },
} as const;

/** Jobs of JOB_QUEUES.mailmergeCampaignEmails. */
export const MailmergeEmailJobs = {
  sendCampaignEmail: { name: 'send-campaign-email', data: z.object({ campaignId: z.uuid(), accountId: z.uuid() }) },
} as const;

/** Jobs of JOB_QUEUES.mailmergeMaintenance. */
export const MailmergeMaintenanceJobs = {
  purgeDocuments: { name: 'purge-campaign-documents', data: z.object({}) },
} as const;

/** BullMQ queues of the importer. */
export const IMPORTER_JOB_QUEUES = {
  /** Validation of an upload against the directory, then the import once confirmed. */
  imports: 'importer-imports',
  /** Scheduled housekeeping (deleting rows past the retention delay, failing stalled imports). */
  maintenance: 'importer-maintenance',
} as const;

/**
 * Who a job acts for, and the delegation identity signed for that job's one operation (see
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

/**
 * Jobs of IMPORTER_JOB_QUEUES.imports: the checks of an upload, then the import once confirmed.
 * Identity checks every row against the rights of whoever uploaded or confirmed.
 */
export const ImporterImportJobs = {
  validate: { name: 'validate', data: ImportJobDataSchema },
  import: { name: 'import', data: ImportJobDataSchema },
} as const;

/** Jobs of IMPORTER_JOB_QUEUES.maintenance. */
export const ImporterMaintenanceJobs = {
  purgeExpired: { name: 'purge-expired-imports', data: z.object({}) },
  /** Fails imports still validating or importing that showed no progress for too long. */
  failStalled: { name: 'fail-stalled-imports', data: z.object({}) },
} as const;

/** Identity's queue for the housekeeping of imports (rows staged by imports that never committed). */
export const IDENTITY_IMPORT_JOB_QUEUE = 'identity-imports';
export const IdentityImportJobs = {
  purgeStaleStaging: { name: 'purge-stale-import-staging', data: z.object({}) },
} as const;
