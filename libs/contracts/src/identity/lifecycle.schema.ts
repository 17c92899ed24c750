import { z } from 'zod';
import { defineRpc } from '../rpc';
import { ProfileSchema } from './accounts.schema';

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

export const LifecyclePolicyEntrySchema = LifecycleDelaysSchema.extend({ profile: ProfileSchema });
export const LifecyclePolicySchema = z.object({
  profiles: z.array(LifecyclePolicyEntrySchema),
  /** The most the three delays may add up to (days). */
  legalMaximumDays: z.number().int(),
  updatedAt: isoDateTime.nullable(),
});
export type LifecyclePolicy = z.infer<typeof LifecyclePolicySchema>;

/** The manager's change: one or more profiles' delays; the others keep theirs. */
export const SetLifecyclePolicySchema = z.object({ profiles: z.array(LifecyclePolicyEntrySchema).min(1) });

export const LIFECYCLE_STEPS = ['active', 'leaving', 'deactivated', 'pre_deleted'] as const;
export const LifecycleStepSchema = z.enum(LIFECYCLE_STEPS);

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
});
export type AccountLifecycle = z.infer<typeof AccountLifecycleSchema>;

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
} as const;
