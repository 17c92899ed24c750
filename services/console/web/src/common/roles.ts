/**
 * What the console offers each role (SPEC §2). The API decides; these only hide what would be
 * refused, so that nobody is shown a button that cannot work.
 */
export type Role = 'manager' | 'administrator' | 'supervisor' | 'member';

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
export interface AccountSubject {
  id: string;
  role: Role;
  schoolIds: readonly string[];
  activated: boolean;
  deactivatedAt: string | null;
  preDeletedAt: string | null;
}

export const isStaff = (role: Role | undefined) => role === 'manager' || role === 'administrator';

export const can = {
  listAccounts: (role: Role | undefined) => role !== undefined && role !== 'member',
  /** Roles this user may create, in the order of the form's choices. */
  createRoles: (role: Role | undefined): Role[] =>
    role === 'manager' ? ['administrator', 'supervisor', 'member'] : role === 'administrator' ? ['supervisor', 'member'] : [],
  createSchools: (role: Role | undefined) => role === 'manager',
  createClasses: (role: Role | undefined) => isStaff(role),
  readReports: (role: Role | undefined) => isStaff(role),
  /** CSV imports (SPEC §2): the manager, and administrators within their scope. */
  importAccounts: (role: Role | undefined) => isStaff(role),
  /** Letters and emails to a selection of one's scope (SPEC §2): everybody but members. */
  distribute: (role: Role | undefined) => role !== undefined && role !== 'member',
  /**
   * Editing, setting the password of, deactivating. An administrator sees only its own supervisors,
   * so every supervisor in its list is one it manages; other administrators are read-only to it.
   */
  manage(me: Me, account: Pick<AccountSubject, 'role' | 'schoolIds'>): boolean {
    if (me.role === 'manager') return true;
    if (me.role !== 'administrator') return false;
    if (account.role === 'member') return account.schoolIds.some((id) => me.schools.some((school) => school.id === id));
    return account.role === 'supervisor';
  },
  reactivate: (me: Me) => me.role === 'manager',
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
