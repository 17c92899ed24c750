import type { CampaignView, RecipientView } from '@sesame/contracts/src/mailmerge/campaigns.schema';

/** A sentence of the catalogue and what fills it in. */
export interface Sentence {
  key: string;
  args: Record<string, string | number>;
}

/** The SKIP_REASONS of libs/contracts (copied: the schema module would bring zod into the bundle). */
const SKIP_REASONS = new Set(['deactivated', 'pre_deleted', 'no_email', 'invalid_email', 'no_activation_code', 'activation_code_expired']);
/** Why a campaign can stop (error codes of libs/contracts); any other is said in general terms. */
const CAMPAIGN_ERRORS = new Set(['service_unavailable', 'unauthenticated', 'forbidden', 'conflict']);

/**
 * What became of one account of a campaign, as a sentence (`sesame.recipients.<key>`). A permanent
 * failure quotes the mail server's own answer; `uncertain` says the email may have left and will
 * not be sent again.
 */
export function recipientOutcome(recipient: Pick<RecipientView, 'status' | 'detail' | 'attempts'>): Sentence {
  const detail = recipient.detail?.trim() ?? '';
  switch (recipient.status) {
    case 'pending':
      // A transient failure put it back in the queue: the server's answer tells why it waits.
      return detail ? { key: 'retrying', args: { smart_count: recipient.attempts, detail } } : { key: 'pending', args: {} };
    case 'skipped':
      return SKIP_REASONS.has(detail) ? { key: `skipped.${detail}`, args: {} } : { key: 'skipped.other', args: { detail } };
    case 'failed':
      if (detail === 'invalid_email') return { key: 'failed.invalid_email', args: {} };
      if (!detail) return { key: 'failed.unknown', args: {} };
      return { key: 'failed.refused', args: { smart_count: Math.max(1, recipient.attempts), detail } };
    default:
      return { key: recipient.status, args: {} };
  }
}

type Progress = Pick<CampaignView, 'status' | 'channel' | 'counts' | 'document' | 'error'>;

/** Where a campaign stands, in one sentence (`sesame.campaigns.state.<key>`). */
export function campaignState(campaign: Progress): Sentence {
  const { counts } = campaign;
  const done = counts.selected - counts.pending;
  switch (campaign.status) {
    case 'preparing':
      return { key: 'preparing', args: {} };
    case 'running':
      return { key: `running.${campaign.channel}`, args: { done, smart_count: counts.selected } };
    case 'failed':
      return { key: `failed.${CAMPAIGN_ERRORS.has(campaign.error ?? '') ? campaign.error : 'other'}`, args: {} };
    default:
      if (campaign.channel === 'pdf') {
        return campaign.document && counts.printed > 0
          ? { key: 'completed.pdf', args: { smart_count: counts.printed, pages: campaign.document.pages } }
          : { key: 'completed.noLetter', args: {} };
      }
      return { key: 'completed.email', args: { smart_count: counts.sent } };
  }
}

/** The counts worth saying after the main one, in the order a reader checks them. */
export function campaignTallies(campaign: Pick<CampaignView, 'channel' | 'counts'>): Sentence[] {
  const { counts } = campaign;
  const tallies: Sentence[] = [{ key: 'selected', args: { smart_count: counts.selected } }];
  if (campaign.channel === 'pdf' && counts.printed > 0) tallies.push({ key: 'printed', args: { smart_count: counts.printed } });
  if (campaign.channel === 'email' && counts.sent > 0) tallies.push({ key: 'sent', args: { smart_count: counts.sent } });
  for (const key of ['skipped', 'failed', 'uncertain', 'pending'] as const) {
    if (counts[key] > 0) tallies.push({ key, args: { smart_count: counts[key] } });
  }
  return tallies;
}
