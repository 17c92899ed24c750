import { z } from 'zod';
import { defineRpc } from '../rpc';
import { UserFilterSchema } from './accounts.schema';

// WARNING: operation names are signed into delegations that may wait in queues; never rename one.
/**
 * What a background job may do for the person who started it, one operation on one import or
 * campaign (`ref`). Identity's handlers of that operation accept its delegation; no other does.
 */
export const DELEGATED_OPERATIONS = {
  /** The checks of one upload against the directory (IdentityImportRpc.check). */
  validateImport: 'import.validate',
  /** Staging and committing one confirmed import (IdentityImportRpc.stage, .commit). */
  commitImport: 'import.commit',
  /** Reading one campaign's selection, with the filter it was launched with (IdentityDistributionRpc.select). */
  freezeCampaign: 'campaign.freeze',
  /** Staging one feed's records and closing it (IdentityFeedRpc.stage, .close, .fail). */
  readFeed: 'feed.read',
} as const;

export const DelegatedOperationSchema = z.enum([
  DELEGATED_OPERATIONS.validateImport,
  DELEGATED_OPERATIONS.commitImport,
  DELEGATED_OPERATIONS.freezeCampaign,
  DELEGATED_OPERATIONS.readFeed,
]);
export type DelegatedOperation = z.infer<typeof DelegatedOperationSchema>;

/** The operation asked for; a campaign's delegation is bound to its filter as well. */
export const IssueDelegationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal(DELEGATED_OPERATIONS.validateImport), ref: z.uuid() }).strict(),
  z.object({ op: z.literal(DELEGATED_OPERATIONS.commitImport), ref: z.uuid() }).strict(),
  z.object({ op: z.literal(DELEGATED_OPERATIONS.freezeCampaign), ref: z.uuid(), filter: UserFilterSchema }).strict(),
  z.object({ op: z.literal(DELEGATED_OPERATIONS.readFeed), ref: z.uuid() }).strict(),
]);
export type IssueDelegation = z.input<typeof IssueDelegationSchema>;

export const IssuedDelegationSchema = z.object({
  /** A signed token that is not an access token: the gateway and every other handler refuse it. */
  delegation: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type IssuedDelegation = z.infer<typeof IssuedDelegationSchema>;

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
/**
 * Asked with the person's own token, during their own request (an upload, a confirmation, a
 * launch): the job that follows carries the delegation, never the token.
 */
export const IdentityDelegationRpc = {
  issue: defineRpc('identity.delegations.issue', IssueDelegationSchema, IssuedDelegationSchema),
} as const;
