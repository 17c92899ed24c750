import { z } from 'zod';

// WARNING: BullMQ queue and job names are keys in Redis shared by every replica; never rename one
// while jobs are queued under it.

/** BullMQ queues, each owned by one service. */
export const JOB_QUEUES = {
  /** Identity's scheduled housekeeping (deleting accounts past their grace period, folding counts). */
  identityMaintenance: 'identity-maintenance',
} as const;

/** Jobs of JOB_QUEUES.identityMaintenance. */
export const IdentityMaintenanceJobs = {
  purgePreDeleted: { name: 'purge-pre-deleted', data: z.object({}) },
  /** Folds the ledger of the selection's counts (account_tallies) into one row per combination. */
  foldTallies: { name: 'fold-selection-tallies', data: z.object({}) },
} as const;
