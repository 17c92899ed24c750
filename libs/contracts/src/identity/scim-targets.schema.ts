import { z } from 'zod';
import { IdentityEvents } from '../events';
import { defineRpc } from '../rpc';
import { ProfileSchema } from './accounts.schema';

/*
 * Downstream SCIM targets (issue 18): tools that want Sesame's accounts pushed to them (SCIM 2.0
 * client side). The manager registers each with its address, its token and the schools and profiles
 * it gets; identity pushes every change of those accounts to it, in order, from its own queue.
 */

/** The account events that change what a target holds: each makes identity push the account's current state. */
export const SCIM_PUSH_EVENTS = [
  IdentityEvents.userCreated,
  IdentityEvents.userUpdated,
  IdentityEvents.userActivated,
  IdentityEvents.userDeactivated,
  IdentityEvents.userReactivated,
  IdentityEvents.userPreDeleted,
  IdentityEvents.userRestored,
  IdentityEvents.userDeleted,
] as const;

const targetUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .transform((url) => url.replace(/\/+$/, ''));
/** A bearer token the target gave: kept encrypted, never shown again nor sent anywhere but to the target. */
const token = z.string().trim().min(8).max(4000);

const fields = {
  name: z.string().trim().min(1).max(120),
  /** The target's SCIM base address (its /Users is below it). */
  url: targetUrl,
  /** Schools whose accounts are pushed; empty: the whole académie. */
  schoolIds: z.array(z.uuid()).max(2000),
  /** Profiles whose accounts are pushed; empty: every profile. */
  profiles: z.array(ProfileSchema).max(5),
  enabled: z.boolean(),
};

export const ScimTargetDeliverySchema = z.object({
  lastDeliveredAt: z.iso.datetime({ offset: true }).nullable(),
  delivered: z.number().int(),
  failed: z.number().int(),
  /** The last answer the target refused a change with (or why it could not be reached). */
  lastError: z.object({ at: z.iso.datetime({ offset: true }), message: z.string() }).nullable(),
  /** Changes waiting in the target's queue, and changes given up on (its dead letters). */
  waiting: z.number().int().nullable(),
  deadLetters: z.number().int().nullable(),
});

export const ReconcileResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  deactivated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
});
export type ReconcileResult = z.infer<typeof ReconcileResultSchema>;

export const ScimTargetViewSchema = z.object({
  id: z.uuid(),
  ...fields,
  delivery: ScimTargetDeliverySchema,
  /** The last reconciliation: when it started, and its counts once it finished. */
  reconcile: z
    .object({ startedAt: z.iso.datetime({ offset: true }), finishedAt: z.iso.datetime({ offset: true }).nullable(), result: ReconcileResultSchema.nullable(), error: z.string().nullable() })
    .nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ScimTargetView = z.infer<typeof ScimTargetViewSchema>;

export const CreateScimTargetSchema = z.object({
  name: fields.name,
  url: fields.url,
  token,
  schoolIds: fields.schoolIds.default([]),
  profiles: fields.profiles.default([]),
  enabled: fields.enabled.default(true),
});
export type CreateScimTarget = z.output<typeof CreateScimTargetSchema>;

export const UpdateScimTargetSchema = z.object({
  id: z.uuid(),
  name: fields.name.optional(),
  url: fields.url.optional(),
  /** A new token replaces the one kept. */
  token: token.optional(),
  schoolIds: fields.schoolIds.optional(),
  profiles: fields.profiles.optional(),
  enabled: fields.enabled.optional(),
});
export type UpdateScimTarget = z.output<typeof UpdateScimTargetSchema>;

export const ScimTargetIdSchema = z.object({ id: z.uuid() });

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
/** The manager's SCIM targets, answered by identity on QUEUES.identityRpc. */
export const IdentityScimTargetsRpc = {
  list: defineRpc('identity.scim-targets.list', z.object({}).strict(), z.object({ items: z.array(ScimTargetViewSchema) })),
  get: defineRpc('identity.scim-targets.get', ScimTargetIdSchema, ScimTargetViewSchema),
  create: defineRpc('identity.scim-targets.create', CreateScimTargetSchema, ScimTargetViewSchema),
  update: defineRpc('identity.scim-targets.update', UpdateScimTargetSchema, ScimTargetViewSchema),
  delete: defineRpc('identity.scim-targets.delete', ScimTargetIdSchema, z.object({ done: z.literal(true) })),
  /** Starts comparing the target with Sesame and repairing the drift; the view says when it is done. */
  reconcile: defineRpc('identity.scim-targets.reconcile', ScimTargetIdSchema, ScimTargetViewSchema),
} as const;
