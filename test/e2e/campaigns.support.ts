import { writeFile } from 'node:fs/promises';
import { eventually } from '@sesame/testing';
import type { Api } from '../support/api';

export interface CampaignAnswer {
  id: string;
  status: 'preparing' | 'running' | 'completed' | 'failed';
  counts: { selected: number; pending: number; printed: number; sent: number; skipped: number; failed: number; uncertain: number };
  progress: number;
  document: { pages: number; bytes: number; deletedAt: string | null } | null;
  error: string | null;
  [key: string]: unknown;
}

/** Launches a campaign and fails the test when it is refused. */
export async function launch(api: Api, body: object): Promise<CampaignAnswer> {
  const answer = await api.post('/api/v1/campaigns', body);
  if (answer.status !== 202) throw new Error(`POST /campaigns → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Waits until the campaign has ended (completed or failed), or reaches `until`. */
export async function campaignWhen(api: Api, id: string, until: (c: CampaignAnswer) => boolean = (c) => c.status === 'completed' || c.status === 'failed', timeoutMs = 30_000): Promise<CampaignAnswer> {
  return eventually(
    async () => {
      const answer = await api.get(`/api/v1/campaigns/${id}`);
      if (answer.status !== 200) throw new Error(`GET /campaigns/${id} → ${answer.status} ${JSON.stringify(answer.body)}`);
      return until(answer.body) ? (answer.body as CampaignAnswer) : undefined;
    },
    timeoutMs,
    `campaign ${id}`,
  );
}

/** Downloads the campaign's PDF through the gateway into `path`; returns the answer's headers. */
export async function download(api: Api, id: string, path: string): Promise<Headers> {
  const response = await fetch(`${api.baseUrl}/api/v1/campaigns/${id}/document`, { headers: { authorization: `Bearer ${(api as unknown as { token: string }).token}` } });
  if (response.status !== 200) throw new Error(`GET /campaigns/${id}/document → ${response.status} ${await response.text()}`);
  await writeFile(path, Buffer.from(await response.arrayBuffer()));
  return response.headers;
}

export async function recipientsOf(api: Api, id: string): Promise<Array<{ accountId: string; username: string; status: string; detail: string | null; attempts: number }>> {
  const answer = await api.get(`/api/v1/campaigns/${id}/recipients?pageSize=500`);
  if (answer.status !== 200) throw new Error(`GET /campaigns/${id}/recipients → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.items;
}
