import type { ClassListRow, Rentree, RentreeInput, RentreePreview } from '@sesame/contracts/src/identity/rentree.schema';
import { api } from '../providers/http';

export type { ClassListRow, Rentree, RentreeInput, RentreePreview };

/** The calls of the rentrée (docs/lifecycle.md « The rentrée »). */
export const rentreeApi = {
  /** Newest first: all of them for the manager, those of their schools for an administrator. */
  list: () => api<{ items: Rentree[] }>('GET', '/rentrees'),

  /** What opening would do, school by school; nothing is written. */
  preview: (input: RentreeInput) => api<RentreePreview>('POST', '/rentrees/preview', input),

  open: (input: RentreeInput) => api<Rentree>('POST', '/rentrees', input),

  /** Year N back, all or nothing, within 30 days. */
  restore: (id: string) => api<Rentree>('POST', `/rentrees/${id}/restore`, {}),
};
