import { z } from 'zod';
import { LONG_RPC_TIMEOUT_MS, defineRpc } from '../rpc';

/*
 * The rentrée (issue 16): the manager, or an administrator for their schools, opens school year N+1.
 * Year N's classes and class memberships are archived (restorable for RENTREE_RESTORE_DAYS days);
 * pupils who stay keep their account. The year's classes come from the feed or a class list.
 */

const isoDateTime = z.iso.datetime({ offset: true });

/** Days during which a rentrée can be restored. */
export const RENTREE_RESTORE_DAYS = 30;
/**
 * The most rows a class list may have: a few schools' pupils (a lycée has a few thousand), within the
 * gateway's JSON body limit; the whole académie's classes come from the feed.
 */
export const MAX_CLASS_LIST_ROWS = 10_000;

/**
 * One row of a class list: a pupil (by login, or by INE) and the class of the year opened. `line` is
 * the row's line in the user's file, for the refusals (its position from 1 when absent). `schoolId`
 * may be left out when one school is opened.
 */
export const ClassListRowSchema = z
  .object({
    line: z.number().int().positive().optional(),
    schoolId: z.uuid().optional(),
    login: z.string().trim().min(1).max(200).optional(),
    ine: z.string().trim().min(1).max(20).optional(),
    className: z.string().trim().min(1).max(100),
  })
  .refine((row) => row.login !== undefined || row.ine !== undefined, { message: 'login or ine', path: ['login'] });
export type ClassListRow = z.infer<typeof ClassListRowSchema>;

export const RentreeInputSchema = z.object({
  /** The year opened: 2027 for 2027-2028. */
  schoolYear: z.number().int().min(2000).max(2100),
  /** The schools: all the académie's when absent (the manager only; an administrator names theirs). */
  schoolIds: z.array(z.uuid()).min(1).max(5_000).optional(),
  classList: z.array(ClassListRowSchema).max(MAX_CLASS_LIST_ROWS).optional(),
});
export type RentreeInput = z.infer<typeof RentreeInputSchema>;

export const RentreeCountsSchema = z.object({
  /** Year N's classes, archived. */
  classesArchived: z.number().int(),
  /** Pupils of the school who stay (not leaving, not deactivated): same login, password and activation. */
  pupilsKept: z.number().int(),
  /** Kept pupils the class list does not place (all of them without a class list: the feed will). */
  pupilsWithoutClass: z.number().int(),
  /** Accounts the class list places in a school they did not belong to: they join it. */
  newcomers: z.number().int(),
  /** Classes of the year opened that the class list creates. */
  classesCreated: z.number().int(),
});
export type RentreeCounts = z.infer<typeof RentreeCountsSchema>;

export const RentreePreviewSchema = z.object({
  schoolYear: z.number().int(),
  total: RentreeCountsSchema,
  schools: z.array(RentreeCountsSchema.extend({ schoolId: z.uuid(), uai: z.string(), name: z.string() })),
});
export type RentreePreview = z.infer<typeof RentreePreviewSchema>;

export const RentreeSchema = z.object({
  id: z.uuid(),
  schoolYear: z.number().int(),
  schoolIds: z.array(z.uuid()),
  openedAt: isoDateTime,
  openedBy: z.uuid().nullable(),
  restorableUntil: isoDateTime,
  restoredAt: isoDateTime.nullable(),
  /** Not restored, before its deadline, no later rentrée of its schools, and all of them in the caller's scope. */
  restorable: z.boolean(),
  counts: RentreeCountsSchema,
});
export type Rentree = z.infer<typeof RentreeSchema>;

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
export const IdentityRentreeRpc = {
  /** The counts of an opening; nothing is written. */
  preview: defineRpc('identity.rentree.preview', RentreeInputSchema, RentreePreviewSchema),
  open: defineRpc('identity.rentree.open', RentreeInputSchema, RentreeSchema, { timeoutMs: LONG_RPC_TIMEOUT_MS }),
  /** Year N back, all or nothing: its classes (same ids) and class memberships. */
  restore: defineRpc('identity.rentree.restore', z.object({ id: z.uuid() }), RentreeSchema, { timeoutMs: LONG_RPC_TIMEOUT_MS }),
  list: defineRpc('identity.rentree.list', z.object({}).strict(), z.object({ items: z.array(RentreeSchema) })),
} as const;
