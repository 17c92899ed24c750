import { defineRpc } from '../rpc';
import {
  CampaignIdSchema,
  CampaignPreviewRequestSchema,
  CampaignPreviewSchema,
  CampaignPageSchema,
  CampaignViewSchema,
  CreateCampaignSchema,
  ListCampaignsSchema,
  ListRecipientsSchema,
  RecipientPageSchema,
  TestEmailResultSchema,
  TestEmailSchema,
} from './campaigns.schema';

// WARNING: patterns are the wire names of mailmerge's RPC queue; rename only with a migration plan.
/** Calls answered by mailmerge on QUEUES.mailmergeRpc, made with the caller's token. */
export const MailmergeRpc = {
  previewCampaign: defineRpc('mailmerge.campaigns.preview', CampaignPreviewRequestSchema, CampaignPreviewSchema),
  createCampaign: defineRpc('mailmerge.campaigns.create', CreateCampaignSchema, CampaignViewSchema),
  listCampaigns: defineRpc('mailmerge.campaigns.list', ListCampaignsSchema, CampaignPageSchema),
  getCampaign: defineRpc('mailmerge.campaigns.get', CampaignIdSchema, CampaignViewSchema),
  listRecipients: defineRpc('mailmerge.campaigns.recipients', ListRecipientsSchema, RecipientPageSchema),
  sendTestEmail: defineRpc('mailmerge.campaigns.test-email', TestEmailSchema, TestEmailResultSchema),
} as const;
