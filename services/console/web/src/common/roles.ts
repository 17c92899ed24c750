import {
  type Actor,
  type Subject,
  canCreateSchool,
  canManage,
  canReactivate,
  creatableRoles,
  mayEver,
} from '@sesame/account-rules/src/permissions.rules';

/**
 * What the console offers each role (SPEC §2), decided by the rulebook identity decides with
 * (libs/account-rules, imported through a Vite and TypeScript alias). The API decides; these only
 * hide what would be refused, so that nobody is shown a button that cannot work.
 */
export type Role = Actor['role'];

export interface SchoolRef {
  id: string;
  uai: string;
  name: string;
}

/** The signed-in user (GET /me). */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  role: Role;
  schools: SchoolRef[];
  locale: 'fr' | 'en';
}

/** What the row actions need to know about an account. */
export interface AccountSubject extends Subject {
  activated: boolean;
  deactivatedAt: string | null;
  preDeletedAt: string | null;
}

/** The signed-in user as the rulebook's actor: their scope is their schools. */
const actorOf = (me: Me): Actor => ({ id: me.id, role: me.role, schoolIds: me.schools.map((school) => school.id) });

export const isStaff = (role: Role | undefined) => mayEver(role, 'manageAccount');

export const can = {
  listAccounts: (role: Role | undefined) => mayEver(role, 'listAccounts'),
  /** Roles this user may create, in the order of the form's choices. */
  createRoles: (role: Role | undefined): Role[] => creatableRoles(role),
  createSchools: (role: Role | undefined) => role !== undefined && canCreateSchool({ role }),
  createClasses: (role: Role | undefined) => mayEver(role, 'createClass'),
  readReports: (role: Role | undefined) => mayEver(role, 'readReports'),
  /** CSV imports (SPEC §2): the manager, and administrators within their scope. */
  importAccounts: (role: Role | undefined) => mayEver(role, 'importAccounts'),
  /** Académie feeds (issue 15): the manager, and administrators for their own schools' exports. */
  readFeeds: (role: Role | undefined) => mayEver(role, 'importAccounts'),
  /** An AAF delivery is the whole académie's: the manager's alone (docs/product.md « Académie feeds »). */
  uploadAaf: (role: Role | undefined) => mayEver(role, 'importAccounts') && role === 'manager',
  /** Letters and emails to a selection of one's scope (SPEC §2): everybody but members. */
  distribute: (role: Role | undefined) => mayEver(role, 'distributeAccounts'),
  /** The leavers' calendar's delays (issue 16): everybody who lists accounts reads them, the manager sets them. */
  setLifecyclePolicy: (role: Role | undefined) => mayEver(role, 'setLifecyclePolicy'),
  /** The rentrée (issue 16): the manager, and administrators for their own schools. */
  openSchoolYear: (role: Role | undefined) => mayEver(role, 'openSchoolYear'),
  /** The tools signing their users in with Sesame (issue 17): the académie's, so the manager's alone. */
  manageOidcClients: (role: Role | undefined) => mayEver(role, 'registerOidcClients'),
  /** Editing, setting the password of, deactivating. */
  manage: (me: Me, account: Subject): boolean => canManage(actorOf(me), account),
  reactivate: (me: Me) => canReactivate(me),
};

export type AccountAction = 'edit' | 'setPassword' | 'deactivate' | 'reactivate' | 'preDelete' | 'restore' | 'newActivationCode';

/** The actions offered on one account, in menu order. */
export function accountActions(me: Me, account: AccountSubject): AccountAction[] {
  const actions: AccountAction[] = [];
  const deactivated = account.deactivatedAt !== null;
  if (deactivated) return can.reactivate(me) ? ['reactivate'] : [];
  if (!can.manage(me, account)) return actions;
  actions.push('edit', 'setPassword');
  if (!account.activated) actions.push('newActivationCode');
  if (account.role === 'member') actions.push(account.preDeletedAt ? 'restore' : 'preDelete');
  if (account.id !== me.id && account.role !== 'manager') actions.push('deactivate');
  return actions;
}
