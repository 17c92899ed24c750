import type { CampaignLayout, CampaignPreview, CampaignView, RecipientView } from '@sesame/contracts/src/mailmerge/campaigns.schema';
import { api, queryString, saveFile } from '../providers/http';
import type { CampaignSelection } from './campaign-selection';

export type { CampaignPreview, CampaignView, RecipientView };

export interface CampaignRequest extends CampaignSelection {
  channel: 'pdf' | 'email';
  layout: CampaignLayout;
  locale: 'fr' | 'en';
}

/** The calls of the distribution screens (README "Distribution"). */
export const campaignsApi = {
  launch: (request: CampaignRequest) => api<CampaignView>('POST', '/campaigns', request),

  /** Before launching: how many accounts the campaign would reach, and how many it would leave out and why. */
  preview: (request: Pick<CampaignRequest, 'filter' | 'channel'>) => api<CampaignPreview>('POST', '/campaigns/preview', request),

  /** "Send a test to me": the email the selection's first recipient would get, to the caller. */
  sendTest: (request: Omit<CampaignRequest, 'channel' | 'layout'>) =>
    api<{ sentTo: string; username: string; variant: 'activation' | 'reminder' }>('POST', '/campaigns/test-email', request),

  list: (page: number, pageSize: number) => api<{ total: number; items: CampaignView[] }>('GET', `/campaigns${queryString({ page, pageSize })}`),

  get: (id: string) => api<CampaignView>('GET', `/campaigns/${id}`),

  recipients: (id: string, status: string | undefined, page: number, pageSize: number) =>
    api<{ total: number; items: RecipientView[] }>('GET', `/campaigns/${id}/recipients${queryString({ status, page, pageSize })}`),

  /** The letters' PDF, saved by the browser under the server's file name. */
  download: (id: string) => saveFile(`/campaigns/${id}/document`, 'application/pdf', `sesame-courriers-${id.slice(0, 8)}.pdf`),
};
