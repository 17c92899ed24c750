import type { ImportStatus } from '@sesame/contracts';

/** The person calling, as identity knows them (from their token). */
export interface Caller {
  id: string;
  username: string;
  role: 'manager' | 'administrator' | 'supervisor' | 'member';
  schoolIds: readonly string[];
}

/** Importing is for the manager and administrators (SPEC §2). */
export function canImport(caller: Caller): boolean {
  return caller.role === 'manager' || caller.role === 'administrator';
}

/** The manager sees every import; an administrator its own. */
export function canSeeImport(caller: Caller, uploaderId: string): boolean {
  return caller.role === 'manager' || (caller.role === 'administrator' && caller.id === uploaderId);
}

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

/** Share of a phase done, 0–100, one decimal. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.round((done / total) * 1000) / 10);
}
