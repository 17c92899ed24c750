import { z } from 'zod';
import { LocaleSchema } from '../events';
import { defineRpc } from '../rpc';
import { ProfileSchema, RoleSchema, UserFilterSchema } from './accounts.schema';

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * The caller of a distribution, as identity knows it: role, and the schools it acts on (an
 * administrator's own, a supervisor's administrator's; empty for the manager, who acts everywhere).
 */
export const DistributionCallerSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  role: RoleSchema,
  displayName: z.string(),
  email: z.string().nullable(),
  locale: LocaleSchema,
  schoolIds: z.array(z.uuid()),
});
export type DistributionCaller = z.infer<typeof DistributionCallerSchema>;

/** Everything a letter or an email about one account needs, as it is at the moment it is read. */
export const DistributionRowSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string(),
  role: RoleSchema,
  profile: ProfileSchema.nullable(),
  /** The selection's alphabetical key (folded last name, first name, login): letters follow it. */
  sortName: z.string(),
  /** The school printed on the letter: that of `className`, else the account's first school. */
  school: z.object({ uai: z.string(), name: z.string() }).nullable(),
  /**
   * The class the letter is filed under: the first (alphabetical) of the account's classes, among
   * those the filter names if it names some; null without a class.
   */
  className: z.string().nullable(),
  classes: z.array(z.string()),
  activated: z.boolean(),
  /** Null once activated. */
  activationCode: z.string().nullable(),
  activationCodeExpiresAt: isoDateTime.nullable(),
  email: z.string().nullable(),
  locale: LocaleSchema,
  /** Deactivated, or pre-deleted: a campaign leaves such an account out whatever its filter says (its code cannot work). */
  deactivated: z.boolean().default(false),
  preDeleted: z.boolean().default(false),
  /** A relative's children (students linked to it), by name, each with its classes: the parent's letter names them. */
  children: z.array(z.object({ name: z.string(), classes: z.array(z.string()) })).max(20).default([]),
});
export type DistributionRow = z.infer<typeof DistributionRowSchema>;

/** Largest page of a distribution selection (a few hundred kilobytes on the wire). */
export const DISTRIBUTION_PAGE_MAX = 5000;

export const SelectForDistributionSchema = z.object({
  /** The campaign whose selection is frozen: required with a delegation, which is valid for that campaign only. */
  campaignId: z.uuid().optional(),
  filter: UserFilterSchema.default({ preDeleted: 'exclude', deactivated: 'exclude' }),
  /** Keyset: the rows after this account id (ids ascending); absent for the first page. */
  after: z.uuid().optional(),
  /**
   * The last account id of the range read (inclusive); absent: to the end. A large selection is
   * frozen as a few ranges of ids read side by side, each page by page.
   */
  upTo: z.uuid().optional(),
  limit: z.number().int().min(1).max(DISTRIBUTION_PAGE_MAX).default(1000),
});
export type SelectForDistribution = z.input<typeof SelectForDistributionSchema>;

export const DistributionPageSchema = z.object({
  caller: DistributionCallerSchema,
  rows: z.array(DistributionRowSchema),
  /** The `after` of the next page; null on the last one. */
  next: z.uuid().nullable(),
});
export type DistributionPage = z.infer<typeof DistributionPageSchema>;

export const TallyForDistributionSchema = z.object({
  filter: UserFilterSchema.default({ preDeleted: 'exclude', deactivated: 'exclude' }),
});

/**
 * The selection counted by what decides whether a campaign can reach an account (before launching):
 * one row per combination found, with how many accounts have it. Mailmerge applies its own rules
 * (which accounts a campaign leaves out, and why) to each combination.
 */
export const DistributionTallySchema = z.object({
  caller: DistributionCallerSchema,
  groups: z.array(
    z.object({
      deactivated: z.boolean(),
      preDeleted: z.boolean(),
      hasEmail: z.boolean(),
      activated: z.boolean(),
      /** Not activated: whether its activation code is there and still valid. */
      code: z.enum(['valid', 'expired', 'missing']),
      accounts: z.number().int(),
    }),
  ),
});
export type DistributionTally = z.infer<typeof DistributionTallySchema>;

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
/**
 * Calls mailmerge makes to identity on QUEUES.identityRpc for the launcher (with their token while
 * they launch, with the campaign's delegation when the job freezes the selection), so identity
 * applies the launcher's scope. Members are refused; a school or class outside the scope is refused.
 */
export const IdentityDistributionRpc = {
  /** One page (by account id) of every account a filter selects in the caller's scope. */
  select: defineRpc('identity.distribution.select', SelectForDistributionSchema, DistributionPageSchema),
  /** The selection counted by what a campaign needs (email, activation, code), for the warning before launching. */
  tally: defineRpc('identity.distribution.tally', TallyForDistributionSchema, DistributionTallySchema),
  /** Who the caller is and the schools it acts on (to decide who may read a campaign). */
  caller: defineRpc('identity.distribution.caller', z.object({}).strict(), DistributionCallerSchema),
} as const;
