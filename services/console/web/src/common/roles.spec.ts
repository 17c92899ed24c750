import { type AccountSubject, type Me, accountActions, can } from './roles';

const school = (id: string) => ({ id, uai: '0750001U', name: id });
const me = (role: Me['role'], schools = ['a']): Me => ({
  id: `${role}-id`,
  username: role,
  displayName: role,
  firstName: null,
  lastName: null,
  email: null,
  role,
  schools: schools.map(school),
  locale: 'fr',
});
const account = (over: Partial<AccountSubject> = {}): AccountSubject => ({
  id: 'x',
  role: 'member',
  schoolIds: ['a'],
  managedBy: null,
  activated: false,
  deactivatedAt: null,
  preDeletedAt: null,
  ...over,
});

describe('the actions offered on an account (SPEC §2)', () => {
  it('gives the manager every action on a member, in menu order', () => {
    expect(accountActions(me('manager'), account())).toEqual(['edit', 'setPassword', 'newActivationCode', 'preDelete', 'deactivate']);
  });

  it('offers restore instead of pre-delete, and no new code once activated', () => {
    expect(accountActions(me('manager'), account({ preDeletedAt: '2026-01-01', activated: true }))).toEqual(['edit', 'setPassword', 'restore', 'deactivate']);
  });

  it('lets only the manager reactivate, and nothing else on a deactivated account', () => {
    expect(accountActions(me('manager'), account({ deactivatedAt: '2026-01-01' }))).toEqual(['reactivate']);
    expect(accountActions(me('administrator'), account({ deactivatedAt: '2026-01-01' }))).toEqual([]);
  });

  it('lets an administrator manage members of its schools and its supervisors, not other administrators', () => {
    expect(accountActions(me('administrator'), account())).toContain('edit');
    expect(accountActions(me('administrator'), account({ schoolIds: ['b'] }))).toEqual([]);
    expect(accountActions(me('administrator'), account({ role: 'supervisor', schoolIds: [], managedBy: 'administrator-id' }))).toEqual(['edit', 'setPassword', 'newActivationCode', 'deactivate']);
    expect(accountActions(me('administrator'), account({ role: 'supervisor', schoolIds: [], managedBy: 'another-administrator' }))).toEqual([]);
    expect(accountActions(me('administrator'), account({ role: 'administrator' }))).toEqual([]);
  });

  it('gives a supervisor and a member nothing to change', () => {
    expect(accountActions(me('supervisor'), account())).toEqual([]);
    expect(accountActions(me('member'), account())).toEqual([]);
  });

  it('never offers to deactivate oneself', () => {
    expect(accountActions(me('manager'), account({ id: 'manager-id', role: 'manager', activated: true }))).toEqual(['edit', 'setPassword']);
  });

  it('offers creation by role: the manager all three, an administrator supervisors and members', () => {
    expect(can.createRoles('manager')).toEqual(['administrator', 'supervisor', 'member']);
    expect(can.createRoles('administrator')).toEqual(['supervisor', 'member']);
    expect(can.createRoles('supervisor')).toEqual([]);
  });

  it('lets the manager, administrators and supervisors distribute, never a member (SPEC §2)', () => {
    expect((['manager', 'administrator', 'supervisor', 'member'] as const).filter(can.distribute)).toEqual(['manager', 'administrator', 'supervisor']);
  });

  it('lets the manager and administrators import, never a supervisor nor a member (SPEC §2)', () => {
    expect((['manager', 'administrator', 'supervisor', 'member'] as const).filter(can.importAccounts)).toEqual(['manager', 'administrator']);
  });

  it('shows the académie feeds to the manager and administrators, and offers AAF to the manager alone (issue 15)', () => {
    expect((['manager', 'administrator', 'supervisor', 'member'] as const).filter(can.readFeeds)).toEqual(['manager', 'administrator']);
    expect((['manager', 'administrator', 'supervisor', 'member'] as const).filter(can.uploadAaf)).toEqual(['manager']);
    expect(can.uploadAaf(undefined)).toBe(false);
  });
});
