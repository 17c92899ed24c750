import type { Caller } from '../identity/callers.service';

/** Importing, and reading imports, is for the manager and administrators (SPEC §2). */
export function canImport(caller: Pick<Caller, 'role'>): boolean {
  return caller.role === 'manager' || caller.role === 'administrator';
}

/** The manager sees every import; an administrator its own. */
export function canSeeImport(caller: Pick<Caller, 'id' | 'role'>, uploaderId: string): boolean {
  return caller.role === 'manager' || (caller.role === 'administrator' && caller.id === uploaderId);
}

/** Share of a phase done, 0–100, one decimal. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.round((done / total) * 1000) / 10);
}
