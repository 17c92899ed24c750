import type { CampaignView } from './campaigns-api';
import { campaignState } from './outcomes';

/** A date and time in the interface's language, in the académie's time zone. */
export const formatDateTime = (value: string | null | undefined, locale: string) =>
  value
    ? new Date(value).toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' })
    : '';

/** "PDF letters, 8 per sheet" or "Email": the channel and, for letters, the layout. */
export const channelKey = (campaign: Pick<CampaignView, 'channel' | 'layout'>) =>
  campaign.channel === 'pdf' ? `sesame.campaigns.channel.pdf${campaign.layout}` : 'sesame.campaigns.channel.email';

/** A campaign still moving: its page asks for news until it has ended. */
export const isActive = (campaign: Pick<CampaignView, 'status'> | undefined) => campaign?.status === 'preparing' || campaign?.status === 'running';

export const STATUS_COLOR = { preparing: 'default', running: 'info', completed: 'success', failed: 'error' } as const;

/** Where a campaign stands, as a sentence of the catalogue with its numbers written for the locale. */
export function stateSentence(translate: (key: string, options?: object) => string, campaign: CampaignView, locale: string): string {
  const state = campaignState(campaign);
  const number = (value: unknown) => Number(value ?? 0).toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
  return translate(`sesame.campaigns.state.${state.key}`, { ...state.args, done: number(state.args.done), count: number(state.args.smart_count), total: number(state.args.smart_count) });
}

/** Who launched a campaign, by name ("Claire Moreau"); by login for the campaigns of an older server. */
export const launcherName = (campaign: Pick<CampaignView, 'createdBy'>) => campaign.createdBy.name || campaign.createdBy.username;
