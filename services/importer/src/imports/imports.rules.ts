import type { ImportStatus } from '@sesame/contracts';

/**
 * Why an import cannot be confirmed now, or null when it can. A failed import without errors may be
 * confirmed again: the import is idempotent.
 */
export function confirmRefusal(status: ImportStatus, errorCount: number, expired: boolean): string | null {
  if (expired) return 'import_expired';
  if (status === 'validating') return 'import_not_ready';
  if (status === 'importing' || status === 'done') return 'import_already_confirmed';
  if (status === 'invalid' || errorCount > 0) return 'import_has_errors';
  return null;
}
