import { z } from 'zod';
import { LocaleSchema } from '../events';
import { RoleSchema, UserFilterSchema, UserSortSchema } from '../identity/accounts.schema';

const isoDateTime = z.iso.datetime({ offset: true });

export const CampaignChannelSchema = z.enum(['pdf', 'email']);
export type CampaignChannel = z.infer<typeof CampaignChannelSchema>;
/** Letters per A4 sheet. */
export const CampaignLayoutSchema = z.union([z.literal(1), z.literal(2), z.literal(8)]);
export type CampaignLayout = z.infer<typeof CampaignLayoutSchema>;

/**
 * A campaign (SPEC §6): the selection of GET /users, frozen when launched, and a channel.
 * `sort` is the order of the letters (and of the recipients): `name` alphabetical across the whole
 * selection; `class` by school, class, then name, each class opened by a cover sheet; `profile` by
 * profile (PROFILE_ORDER), then name. Deactivated and pre-deleted accounts are always left out.
 */
export const CreateCampaignSchema = z.object({
  filter: UserFilterSchema.default({ preDeleted: 'exclude', deactivated: 'exclude' }),
  sort: UserSortSchema.default('name'),
  channel: CampaignChannelSchema,
  /** PDF only: 1, 2 or 8 letters per sheet. */
  layout: CampaignLayoutSchema.default(1),
  /** Language of the letters and emails. */
  locale: LocaleSchema.default('fr'),
});
export type CreateCampaign = z.infer<typeof CreateCampaignSchema>;

/** "Send a test to me": the email the selection's first recipient would get, sent to the caller. */
export const TestEmailSchema = CreateCampaignSchema.pick({ filter: true, sort: true, locale: true });
export type TestEmail = z.infer<typeof TestEmailSchema>;
export const TestEmailResultSchema = z.object({
  /** The caller's own address, where the sample went. */
  sentTo: z.string(),
  /** The account whose data the sample shows. */
  accountId: z.uuid(),
  username: z.string(),
  variant: z.enum(['activation', 'reminder']),
});

/** "Before launching": what a campaign of this selection and channel would do, and why some accounts get nothing. */
export const CampaignPreviewRequestSchema = CreateCampaignSchema.pick({ filter: true, channel: true });
export type CampaignPreviewRequest = z.infer<typeof CampaignPreviewRequestSchema>;

/** Why an account of the selection gets nothing (in the order the reasons are checked). */
export const SKIP_REASONS = ['deactivated', 'pre_deleted', 'no_email', 'invalid_email', 'no_activation_code', 'activation_code_expired'] as const;
export const SkipReasonSchema = z.enum(SKIP_REASONS);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

export const CampaignPreviewSchema = z.object({
  /** Accounts the selection holds (as GET /users counts them). */
  selected: z.number().int(),
  /** Accounts that will get a letter or an email. */
  reached: z.number().int(),
  /** Of those, accounts already activated: they get a reminder (how to choose a new password), not a code. */
  reminders: z.number().int(),
  /** Accounts left out, by reason (only reasons that apply, each with its count). */
  leftOut: z.array(z.object({ reason: SkipReasonSchema, accounts: z.number().int() })),
});
export type CampaignPreview = z.infer<typeof CampaignPreviewSchema>;

export const CampaignStatusSchema = z.enum(['preparing', 'running', 'completed', 'failed']);
export type CampaignStatus = z.infer<typeof CampaignStatusSchema>;

/**
 * What became of one account of a campaign. `pending` and `claimed` (an email on its way) are
 * transient; `uncertain`: an attempt died between claiming and recording its outcome, so the email
 * may or may not have left; it is never sent again.
 */
export const RecipientStatusSchema = z.enum(['pending', 'claimed', 'printed', 'sent', 'skipped', 'failed', 'uncertain']);
export type RecipientStatus = z.infer<typeof RecipientStatusSchema>;

export const CampaignCountsSchema = z.object({
  /** Accounts in the frozen selection. */
  selected: z.number().int(),
  /** Not done yet (waiting or on their way). */
  pending: z.number().int(),
  printed: z.number().int(),
  sent: z.number().int(),
  /** Left out: deactivated or pre-deleted, no email (email campaigns), activation code expired or missing. */
  skipped: z.number().int(),
  failed: z.number().int(),
  uncertain: z.number().int(),
});
export type CampaignCounts = z.infer<typeof CampaignCountsSchema>;

export const CampaignViewSchema = z.object({
  id: z.uuid(),
  channel: CampaignChannelSchema,
  layout: CampaignLayoutSchema,
  locale: LocaleSchema,
  sort: UserSortSchema,
  filter: UserFilterSchema,
  status: CampaignStatusSchema,
  createdAt: isoDateTime,
  /** Who launched it: `name` is their name (first and last name, else display name) when launched, else their login. */
  createdBy: z.object({ id: z.uuid(), username: z.string(), name: z.string(), role: RoleSchema }),
  finishedAt: isoDateTime.nullable(),
  counts: CampaignCountsSchema,
  /** From 0 to 1: share of the selection done. */
  progress: z.number().min(0).max(1),
  /**
   * PDF campaigns, once the document is written. `deletedAt`: when the file was deleted after the
   * retention delay (DOCUMENT_RETENTION_DAYS); the campaign and its recipients stay in the history.
   */
  document: z.object({ pages: z.number().int(), bytes: z.number().int(), deletedAt: isoDateTime.nullable() }).nullable(),
  /** Why a failed campaign stopped (an error code). */
  error: z.string().nullable(),
});
export type CampaignView = z.infer<typeof CampaignViewSchema>;

const paging = { page: z.number().int().min(1).max(100_000).default(1), pageSize: z.number().int().min(1).max(500).default(50) };

export const ListCampaignsSchema = z.object(paging);
export const CampaignPageSchema = z.object({ total: z.number().int(), items: z.array(CampaignViewSchema) });

export const CampaignIdSchema = z.object({ id: z.uuid() });

export const RecipientViewSchema = z.object({
  accountId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  className: z.string().nullable(),
  email: z.string().nullable(),
  status: RecipientStatusSchema,
  /** Why skipped (a SkipReason: `deactivated`, `pre_deleted`, `no_email`…), or the server's answer when failed. */
  detail: z.string().nullable(),
  attempts: z.number().int(),
  at: isoDateTime.nullable(),
});
export type RecipientView = z.infer<typeof RecipientViewSchema>;

export const ListRecipientsSchema = z.object({ id: z.uuid(), status: RecipientStatusSchema.optional(), ...paging });
export const RecipientPageSchema = z.object({ total: z.number().int(), items: z.array(RecipientViewSchema) });
