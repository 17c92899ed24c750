import { Actor, Subject, canCreate, canManage, canReactivate, canSee, mayEver, mayUndo, mergeSchoolsWithinScope } from './permissions.rules';

const A = 'school-a';
const B = 'school-b';
const manager: Actor = { id: 'm', role: 'manager', schoolIds: [] };
const adminA: Actor = { id: 'admin-a', role: 'administrator', schoolIds: [A] };
const supervisorA: Actor = { id: 'sup-a', role: 'supervisor', schoolIds: [A] };
const memberA: Actor = { id: 'member-a', role: 'member', schoolIds: [A] };

const subject = (id: string, role: Subject['role'], schoolIds: string[], managedBy: string | null = null): Subject => ({
  id,
  role,
  schoolIds,
  managedBy,
});
const studentA = subject('s-a', 'member', [A]);
const studentB = subject('s-b', 'member', [B]);
const ownSupervisor = subject('sup-a', 'supervisor', [], 'admin-a');
const otherSupervisor = subject('sup-b', 'supervisor', [], 'admin-b');
const otherAdminA = subject('admin-a2', 'administrator', [A]);
const adminB = subject('admin-b', 'administrator', [B]);

describe('permission rules (SPEC §2)', () => {
  it('lets the manager see and manage everyone', () => {
    for (const target of [studentA, studentB, ownSupervisor, otherSupervisor, adminB]) {
      expect(canSee(manager, target)).toBe(true);
      expect(canManage(manager, target)).toBe(true);
    }
    expect(canReactivate(manager)).toBe(true);
  });

  it('limits an administrator to the members of its schools and its own supervisors', () => {
    expect(canManage(adminA, studentA)).toBe(true);
    expect(canManage(adminA, studentB)).toBe(false);
    expect(canManage(adminA, ownSupervisor)).toBe(true);
    expect(canManage(adminA, otherSupervisor)).toBe(false);
    expect(canManage(adminA, otherAdminA)).toBe(false);
    expect(canSee(adminA, otherAdminA)).toBe(true);
    expect(canSee(adminA, adminB)).toBe(false);
    expect(canReactivate(adminA)).toBe(false);
  });

  it('lets a supervisor read the members of its administrator’s schools only', () => {
    expect(canSee(supervisorA, studentA)).toBe(true);
    expect(canSee(supervisorA, studentB)).toBe(false);
    expect(canSee(supervisorA, ownSupervisor)).toBe(true); // itself
    expect(canManage(supervisorA, studentA)).toBe(false);
  });

  it('lets a member see only itself', () => {
    expect(canSee(memberA, subject('member-a', 'member', [A]))).toBe(true);
    expect(canSee(memberA, studentA)).toBe(false);
    expect(canManage(memberA, studentA)).toBe(false);
  });

  it('decides creation by role, schools and manager', () => {
    expect(canCreate(manager, 'administrator', [A], null)).toBe(true);
    expect(canCreate(manager, 'manager', [], null)).toBe(false);
    expect(canCreate(adminA, 'administrator', [A], null)).toBe(false);
    expect(canCreate(adminA, 'supervisor', [], null)).toBe(true);
    expect(canCreate(adminA, 'supervisor', [], 'admin-a')).toBe(true);
    expect(canCreate(adminA, 'supervisor', [], 'admin-b')).toBe(false);
    expect(canCreate(adminA, 'member', [A], null)).toBe(true);
    expect(canCreate(adminA, 'member', [A, B], null)).toBe(false);
    expect(canCreate(supervisorA, 'member', [A], null)).toBe(false);
    expect(canCreate(memberA, 'member', [A], null)).toBe(false);
  });

  it('keeps a member’s schools outside the administrator’s scope when it edits them', () => {
    expect(mergeSchoolsWithinScope(adminA, [A, B], [])).toEqual([B]);
    expect(mergeSchoolsWithinScope(adminA, [B], [A])).toEqual([B, A]);
    expect(mergeSchoolsWithinScope(adminA, [A], [B])).toBeNull();
    expect(mergeSchoolsWithinScope(manager, [A], [B])).toEqual([B]);
  });

  it('lets the manager and administrators open a school year, nobody else', () => {
    expect(['manager', 'administrator', 'supervisor', 'member'].map((role) => mayEver(role as Actor['role'], 'openSchoolYear'))).toEqual([true, true, false, false]);
  });

  it('lets the person who confirmed an import or a feed undo it, and the manager; nobody else', () => {
    expect(mayUndo(adminA, 'admin-a')).toBe(true);
    expect(mayUndo(manager, 'admin-a')).toBe(true);
    expect(mayUndo({ ...adminA, id: 'admin-b' }, 'admin-a')).toBe(false);
    // A supervisor who somehow confirmed one still may not undo: undoing is not a supervisor's.
    expect(mayUndo(supervisorA, 'sup-a')).toBe(false);
    expect(mayUndo(memberA, 'member-a')).toBe(false);
  });
});
