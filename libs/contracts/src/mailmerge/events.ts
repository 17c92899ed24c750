import { z } from 'zod';
import { defineEvent } from '../events';
import { LIFECYCLE_NOTICE_OUTCOMES, LifecycleNoticeKindSchema } from '../identity/lifecycle.schema';
import { CampaignChannelSchema } from './campaigns.schema';

/** Account ids per `campaignDistributed` event: a large campaign publishes several. */
export const DISTRIBUTED_CHUNK = 1000;

// WARNING: event types are routing keys that other services bind to; never rename one.
export const MailmergeEvents = {
  /**
   * These accounts were given their login information at `at` (letters generated, or emails
   * accepted by the mail server). Identity keeps the latest as the account's last distribution.
   */
  campaignDistributed: defineEvent(
    'mailmerge.campaign.distributed',
    z.object({
      campaignId: z.uuid(),
      channel: CampaignChannelSchema,
      accountIds: z.array(z.uuid()).min(1).max(DISTRIBUTED_CHUNK),
      at: z.iso.datetime({ offset: true }),
    }),
  ),
  /**
   * A leaver's notice (identity.user.lifecycle-notice) went to the mail server (`sent`), or was
   * refused for good (`refused`): identity records it in the account's distribution log.
   */
  lifecycleNoticeSent: defineEvent(
    'mailmerge.lifecycle-notice.sent',
    z.object({
      userId: z.uuid(),
      kind: LifecycleNoticeKindSchema,
      on: z.iso.datetime({ offset: true }),
      outcome: z.enum(LIFECYCLE_NOTICE_OUTCOMES),
      at: z.iso.datetime({ offset: true }),
    }),
  ),
} as const;
