import type { FeedChange, FeedChangeCategory, FeedKind, FeedReadError, FeedView } from '@sesame/contracts/src/identity/feeds.schema';
import { api, queryString, saveFile, uploadWithProgress } from '../providers/http';

/** A feed as the gateway answers it: a refusal of the files also as a sentence in the user's language. */
export interface FeedViewData extends Omit<FeedView, 'error'> {
  error: (FeedReadError & { message?: string }) | null;
}
export type { FeedChange, FeedChangeCategory, FeedKind };

export interface FeedChangesPage {
  items: FeedChange[];
  /** The `after` of the next page; null on the last one. */
  next: number | null;
}

/** What the upload form sends: an AAF delivery (the manager's) or one school's export. */
export interface FeedUploadRequest {
  kind: FeedKind;
  uai?: string;
  files: File[];
}

/** The calls of the académie feeds' screens (docs/api.md "Académie feeds"). */
export const feedsApi = {
  /** multipart: kind, the school's UAI for a school export, then every file (a zip counts as one). */
  upload: ({ kind, uai, files }: FeedUploadRequest, onProgress: (percent: number) => void) => {
    const form = new FormData();
    form.append('kind', kind);
    if (kind === 'school' && uai) form.append('uai', uai);
    for (const file of files) form.append('files', file, file.name);
    return uploadWithProgress<FeedViewData>('/feeds', form, onProgress);
  },

  list: (page: number, pageSize: number) => api<{ total: number; items: FeedViewData[] }>('GET', `/feeds${queryString({ page, pageSize })}`),

  get: (id: string) => api<FeedViewData>('GET', `/feeds/${id}`),

  changes: (id: string, query: { category?: FeedChangeCategory; uai?: string; after?: number; limit?: number }) =>
    api<FeedChangesPage>('GET', `/feeds/${id}/changes${queryString(query)}`),

  /** Every change of the diff, one line each (with the school and the category). */
  downloadChanges: (id: string) => saveFile(`/feeds/${id}/changes.csv`, 'text/csv', `alimentation-${id.slice(0, 8)}-changements.csv`),

  /** The first confirmation, with the second one of each held school (its UAI and reason, audited). */
  confirm: (id: string, held: Array<{ uai: string; reason: string }>) => api<FeedViewData>('POST', `/feeds/${id}/confirm`, { held }),
};
