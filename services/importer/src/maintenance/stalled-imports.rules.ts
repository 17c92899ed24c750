import type { ImportIssue, ImportStatus } from '@sesame/contracts';
import type { ImportsTable } from '../database/schema';

/** How the janitor ends an import that stalled, by where it stood. */
export interface StalledEnd {
  failure: { code: string };
  /**
   * The reason as an issue of the file as well, when the import never got through its validation:
   * it cannot be confirmed, the file must be uploaded again. An import stalled after confirmation
   * has none: confirming again completes it (identity creates every account or none, once).
   */
  issue: ImportIssue | null;
  /** Its rows are a part of a file that never arrived whole: they go. */
  deleteRows: boolean;
}

/** Null for a state that is not transient (nothing to end). */
export function stalledEnd(status: ImportStatus, phase: ImportsTable['phase']): StalledEnd | null {
  const issue = (code: string): ImportIssue => ({ line: 0, column: '', value: '', code });
  if (status === 'validating' && phase === 'reading') return { failure: { code: 'file.incomplete' }, issue: issue('file.incomplete'), deleteRows: true };
  if (status === 'validating') return { failure: { code: 'check.stalled' }, issue: issue('check.stalled'), deleteRows: false };
  if (status === 'importing') return { failure: { code: 'failure.stalled' }, issue: null, deleteRows: false };
  return null;
}
