import { z } from 'zod';
import { defineRpc } from '../rpc';
import { ProfileSchema, UserFilterSchema } from './accounts.schema';

/*
 * The leavers' calendar (issue 16): per profile, the delays from a departure to deactivation,
 * pre-deletion and deletion, which the manager sets within the legal limit (libs/account-rules'
 * lifecycle.rules), and the dates they give an account.
 */

const isoDateTime = z.iso.datetime({ offset: true });
const days = z.number().int().min(0).max(3650);

export const LifecycleDelaysSchema = z.object({
  /** Still active, flagged as leaving. */
  tolerationDays: days,
  /** Deactivated: cannot log in. */
  deactivationDays: days,
  /** Pre-deleted: restorable, then deleted. */
  preDeletionDays: days,
});
export type LifecycleDelaysView = z.infer<typeof LifecycleDelaysSchema>;

/** Days before deactivation, and before deletion, when the leaver is sent a notice (where there is an address). */
export const MAX_NOTICE_DAYS = 30;
const noticeDays = z.number().int().min(0).max(MAX_NOTICE_DAYS);

export const LifecyclePolicyEntrySchema = LifecycleDelaysSchema.extend({ profile: ProfileSchema, noticeDays });
export const LifecyclePolicySchema = z.object({
  profiles: z.array(LifecyclePolicyEntrySchema),
  /** The most the three delays may add up to (days). */
  legalMaximumDays: z.number().int(),
  updatedAt: isoDateTime.nullable(),
});
export type LifecyclePolicy = z.infer<typeof LifecyclePolicySchema>;

/** The manager's change: one or more profiles' delays (and notice, else it keeps its own); the others keep theirs. */
export const SetLifecyclePolicySchema = z.object({
  profiles: z.array(LifecycleDelaysSchema.extend({ profile: ProfileSchema, noticeDays: noticeDays.optional() })).min(1),
});

export const LIFECYCLE_STEPS = ['active', 'leaving', 'deactivated', 'pre_deleted'] as const;
export const LifecycleStepSchema = z.enum(LIFECYCLE_STEPS);

export const LIFECYCLE_NOTICE_KINDS = ['deactivation', 'deletion'] as const;
export const LifecycleNoticeKindSchema = z.enum(LIFECYCLE_NOTICE_KINDS);
export const LIFECYCLE_NOTICE_OUTCOMES = ['sent', 'refused'] as const;

/** One notice of the distribution log: queued by the lifecycle run, then sent (or refused) by mailmerge. */
export const LifecycleNoticeSchema = z.object({
  kind: LifecycleNoticeKindSchema,
  /** The day the announced step falls due. */
  on: isoDateTime,
  queuedAt: isoDateTime,
  sentAt: isoDateTime.nullable(),
  outcome: z.enum(LIFECYCLE_NOTICE_OUTCOMES).nullable(),
});

/**
 * One account's calendar. For an account that has not left, `hypothetical` is true and the dates
 * are those a departure today would give; for a leaver, the dates of its departure (a date already
 * past is the day the step was due).
 */
export const AccountLifecycleSchema = z.object({
  id: z.uuid(),
  profile: ProfileSchema.nullable(),
  step: LifecycleStepSchema,
  leftAt: isoDateTime.nullable(),
  hypothetical: z.boolean(),
  /** Null for accounts no calendar applies to (staff roles without a profile). */
  dates: z.object({ deactivateOn: isoDateTime, preDeleteOn: isoDateTime, deleteOn: isoDateTime }).nullable(),
  /** The notices of this departure: sent to the user's address before deactivation and before deletion. */
  notices: z.array(LifecycleNoticeSchema),
});
export type AccountLifecycle = z.infer<typeof AccountLifecycleSchema>;

/**
 * The simulator for a selection: what a departure on `leftAt` (today when absent) would give the
 * accounts of the selection, grouped by the dates they would get; accounts already leaving keep
 * their own calendar.
 */
export const SimulateLifecycleSchema = z.object({
  filter: UserFilterSchema,
  leftAt: isoDateTime.optional(),
});
export const LifecycleSimulationSchema = z.object({
  total: z.number().int(),
  /** Accounts no calendar applies to (staff roles without a profile). */
  outside: z.number().int(),
  groups: z.array(
    z.object({
      profile: ProfileSchema,
      step: LifecycleStepSchema,
      hypothetical: z.boolean(),
      deactivateOn: isoDateTime,
      deleteOn: isoDateTime,
      count: z.number().int(),
    }),
  ),
});
export type LifecycleSimulation = z.infer<typeof LifecycleSimulationSchema>;

/** An administrator records a departure (now, or on a past date of the school's records). */
export const DepartUserSchema = z.object({ id: z.uuid(), leftAt: isoDateTime.optional() });

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
export const IdentityLifecycleRpc = {
  getPolicy: defineRpc('identity.lifecycle.policy.get', z.object({}).strict(), LifecyclePolicySchema),
  setPolicy: defineRpc('identity.lifecycle.policy.set', SetLifecyclePolicySchema, LifecyclePolicySchema),
  ofUser: defineRpc('identity.lifecycle.user', z.object({ id: z.uuid() }), AccountLifecycleSchema),
  depart: defineRpc('identity.lifecycle.depart', DepartUserSchema, AccountLifecycleSchema),
  /** A return before deletion: the departure forgotten, what the calendar did undone. */
  comeBack: defineRpc('identity.lifecycle.return', z.object({ id: z.uuid() }), AccountLifecycleSchema),
  simulate: defineRpc('identity.lifecycle.simulate', SimulateLifecycleSchema, LifecycleSimulationSchema),
} as const;
