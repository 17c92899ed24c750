import type { Role } from '@sesame/contracts';
import type { Actor } from '../auth/actor';

/** What the permission rules need to know about an account. */
export interface Subject {
  id: string;
  role: Role;
  schoolIds: readonly string[];
  managedBy: string | null;
}

const sharesSchool = (a: readonly string[], b: readonly string[]) => a.some((id) => b.includes(id));

/** Reading an account (SPEC §2, "list and filter accounts"). */
export function canSee(actor: Actor, target: Subject): boolean {
  if (actor.id === target.id || actor.role === 'manager') return true;
  switch (actor.role) {
    case 'administrator':
      if (target.role === 'member') return sharesSchool(actor.schoolIds, target.schoolIds);
      if (target.role === 'supervisor') return target.managedBy === actor.id;
      // Local administrators of a school see each other (the "administrators only" filter).
      return target.role === 'administrator' && sharesSchool(actor.schoolIds, target.schoolIds);
    case 'supervisor':
      return target.role === 'member' && sharesSchool(actor.schoolIds, target.schoolIds);
    default:
      return false;
  }
}

/** Editing, setting the password of, or deactivating an account. */
export function canManage(actor: Actor, target: Subject): boolean {
  if (actor.role === 'manager') return true;
  if (actor.role !== 'administrator') return false;
  if (target.role === 'member') return sharesSchool(actor.schoolIds, target.schoolIds);
  if (target.role === 'supervisor') return target.managedBy === actor.id;
  return false;
}

/** Only the manager reactivates (Collaborate: "Les administrateurs ne peuvent pas réactiver"). */
export function canReactivate(actor: Actor): boolean {
  return actor.role === 'manager';
}

/** Creating an account of `role` in `schoolIds` (members) or managed by `managedBy` (supervisors). */
export function canCreate(actor: Actor, role: Role, schoolIds: readonly string[], managedBy: string | null): boolean {
  if (actor.role === 'manager') return role !== 'manager';
  if (actor.role !== 'administrator') return false;
  if (role === 'supervisor') return managedBy === null || managedBy === actor.id;
  if (role === 'member') return schoolIds.length > 0 && schoolIds.every((id) => actor.schoolIds.includes(id));
  return false;
}

/** Importing a CSV: staff who create accounts, within their own scope. */
export function canImport(actor: Actor): boolean {
  return actor.role === 'manager' || actor.role === 'administrator';
}

/** Distributing accounts (preview, PDF, email). */
export function canDistribute(actor: Actor): boolean {
  return actor.role !== 'member';
}

/** Activation reports. */
export function canReadReports(actor: Actor): boolean {
  return actor.role === 'manager' || actor.role === 'administrator';
}

/**
 * Schools an administrator may write on a member: those of its own scope. Schools of the member
 * outside that scope are kept as they are.
 */
export function mergeSchoolsWithinScope(actor: Actor, current: readonly string[], requested: readonly string[]): string[] | null {
  if (actor.role === 'manager') return [...new Set(requested)];
  if (!requested.every((id) => actor.schoolIds.includes(id))) return null;
  const outside = current.filter((id) => !actor.schoolIds.includes(id));
  return [...new Set([...outside, ...requested])];
}
