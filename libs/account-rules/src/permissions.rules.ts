import type { Role } from '@sesame/contracts';

/*
 * Who may do what to whom (SPEC §2, docs/product.md "Roles and permissions"): the one rulebook.
 * Identity decides with it against its own data; the console hides what it would refuse; the
 * gateway's role lists are the coarse first gate derived from `ROLES_THAT_MAY`.
 */

/** Whoever acts: `schoolIds` is their scope (an administrator's schools, a supervisor's administrator's). */
export interface Actor {
  id: string;
  role: Role;
  schoolIds: readonly string[];
}

/** The account acted upon. */
export interface Subject {
  id: string;
  role: Role;
  schoolIds: readonly string[];
  managedBy: string | null;
}

/** The actions of SPEC §2's table. */
export type Action =
  | 'createAccount'
  | 'manageAccount'
  | 'reactivateAccount'
  | 'listAccounts'
  | 'createSchool'
  | 'createClass'
  | 'importAccounts'
  | 'distributeAccounts'
  | 'readReports'
  | 'setLifecyclePolicy'
  | 'openSchoolYear'
  | 'undoOperation'
  | 'registerOidcClients'
  | 'registerScimTargets';

/**
 * The roles that may ever perform each action, whatever the target. A role missing here is refused
 * before anything is looked up; a role present is then checked against the target by the rules below.
 */
export const ROLES_THAT_MAY: Readonly<Record<Action, readonly Role[]>> = {
  createAccount: ['manager', 'administrator'],
  manageAccount: ['manager', 'administrator'],
  // Collaborate: « Les administrateurs ne peuvent pas réactiver ».
  reactivateAccount: ['manager'],
  listAccounts: ['manager', 'administrator', 'supervisor'],
  createSchool: ['manager'],
  createClass: ['manager', 'administrator'],
  importAccounts: ['manager', 'administrator'],
  distributeAccounts: ['manager', 'administrator', 'supervisor'],
  readReports: ['manager', 'administrator'],
  // Issue 16: the leavers' calendar is the académie's, within the legal limit.
  setLifecyclePolicy: ['manager'],
  // Issue 16: the rentrée, for any school (the manager) or for one's own schools.
  openSchoolYear: ['manager', 'administrator'],
  // Issue 16: undoing an import or a feed, by whoever confirmed it (mayUndo) or the manager.
  undoOperation: ['manager', 'administrator'],
  // Issue 17: the tools that may sign the académie's users in (OpenID Connect relying parties).
  registerOidcClients: ['manager'],
  // Issue 18: the tools Sesame pushes the académie's accounts to (SCIM targets).
  registerScimTargets: ['manager'],
};

/** Whether a role may perform an action on some target (the coarse gate). */
export function mayEver(role: Role | undefined, action: Action): boolean {
  return role !== undefined && ROLES_THAT_MAY[action].includes(role);
}

const sharesSchool = (a: readonly string[], b: readonly string[]) => a.some((id) => b.includes(id));

/** Whether a school is in the actor's scope (the manager's scope is every school). */
export function inScope(actor: Actor, schoolId: string): boolean {
  return actor.role === 'manager' || actor.schoolIds.includes(schoolId);
}

/** Reading an account ("list and filter accounts"). */
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

/** Editing, setting the password of, deactivating, pre-deleting or restoring an account. */
export function canManage(actor: Actor, target: Subject): boolean {
  if (!mayEver(actor.role, 'manageAccount')) return false;
  if (actor.role === 'manager') return true;
  if (target.role === 'member') return sharesSchool(actor.schoolIds, target.schoolIds);
  if (target.role === 'supervisor') return target.managedBy === actor.id;
  return false;
}

/** Reactivating a deactivated account: the manager only. */
export function canReactivate(actor: Pick<Actor, 'role'>): boolean {
  return mayEver(actor.role, 'reactivateAccount');
}

/**
 * The roles an actor may create at all: the manager every role but its own, an administrator
 * supervisors (assigned to itself) and members (in its schools).
 */
export function creatableRoles(role: Role | undefined): Role[] {
  if (!mayEver(role, 'createAccount')) return [];
  return role === 'manager' ? ['administrator', 'supervisor', 'member'] : ['supervisor', 'member'];
}

/** Creating an account of `role` in `schoolIds` (members) or managed by `managedBy` (supervisors). */
export function canCreate(actor: Actor, role: Role, schoolIds: readonly string[], managedBy: string | null): boolean {
  if (!creatableRoles(actor.role).includes(role)) return false;
  if (actor.role === 'manager') return true;
  if (role === 'supervisor') return managedBy === null || managedBy === actor.id;
  return schoolIds.length > 0 && schoolIds.every((id) => actor.schoolIds.includes(id));
}

/** Reassigning a supervisor to another administrator, or changing an administrator's schools. */
export function canReassign(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'manager';
}

/** Creating a school (an UAI): the manager. */
export function canCreateSchool(actor: Pick<Actor, 'role'>): boolean {
  return mayEver(actor.role, 'createSchool');
}

/** Adding a class to a school: the manager, or an administrator of that school. */
export function canCreateClass(actor: Actor, schoolId: string): boolean {
  return mayEver(actor.role, 'createClass') && inScope(actor, schoolId);
}

/** Importing a CSV: staff who create accounts, within their own scope. */
export function canImport(actor: Pick<Actor, 'role'>): boolean {
  return mayEver(actor.role, 'importAccounts');
}

/** Undoing a confirmed import or an applied feed: the person who confirmed it, or the manager (issue 16). */
export function mayUndo(actor: Pick<Actor, 'id' | 'role'>, confirmedBy: string): boolean {
  if (!mayEver(actor.role, 'undoOperation')) return false;
  return actor.role === 'manager' || actor.id === confirmedBy;
}

/** Distributing accounts (preview, PDF, email) within one's scope. */
export function canDistribute(actor: Pick<Actor, 'role'>): boolean {
  return mayEver(actor.role, 'distributeAccounts');
}

/** Activation reports, for a school of one's scope (or all of them). */
export function canReadReports(actor: Actor, schoolId?: string): boolean {
  return mayEver(actor.role, 'readReports') && (schoolId === undefined || inScope(actor, schoolId));
}

/** Activation codes are shown to staff, never to a member (not even their own: they are activated by it). */
export function canReadActivationCodes(actor: Pick<Actor, 'role'>): boolean {
  return actor.role !== 'member';
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
