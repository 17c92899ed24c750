import type { UndoBlocker, UndoPreview, UndoResult } from '@sesame/contracts/src/identity/undo.schema';
import { api } from '../providers/http';

export type { UndoBlocker, UndoPreview, UndoResult };
export type UndoKind = 'import' | 'feed';

const path = (kind: UndoKind, id: string) => `/${kind === 'import' ? 'imports' : 'feeds'}/${id}/undo`;

/** The calls of the undo of an import or a feed (docs/api.md "Undo of an import or a feed"). */
export const undoApi = {
  preview: (kind: UndoKind, id: string) => api<UndoPreview>('GET', path(kind, id)),
  /** With `skipBlocked`, the accounts changed since are left as they are and the rest is undone. */
  undo: (kind: UndoKind, id: string, skipBlocked: boolean) => api<UndoResult>('POST', path(kind, id), { skipBlocked }),
};
