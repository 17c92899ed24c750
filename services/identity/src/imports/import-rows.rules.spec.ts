import type { StagedAccount } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { mayImportRow, stagedRowIssues, supervisorsManager } from './import-rows.rules';

const manager: Actor = { id: '00000000-0000-4000-8000-000000000001', username: 'manager', role: 'manager', schoolIds: [] };
const admin: Actor = { id: '00000000-0000-4000-8000-000000000002', username: 'admin', role: 'administrator', schoolIds: ['school-a'] };
const supervisor: Actor = { id: '00000000-0000-4000-8000-000000000003', username: 'sup', role: 'supervisor', schoolIds: ['school-a'] };
const otherAdmin = '00000000-0000-4000-8000-000000000009';

const member: StagedAccount = {
  line: 2,
  username: 'léa.martin',
  firstName: 'Léa',
  lastName: 'Martin',
  displayName: null,
  email: null,
  role: 'member',
  profile: 'student',
  passwordHash: null,
  school: '0750001U',
  classes: ['6A'],
  externalId: null,
};
const staff: StagedAccount = {
  ...member,
  role: 'supervisor',
  profile: null,
  school: null,
  classes: [],
  email: 'sup@ac-test.fr',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
};

describe('supervisorsManager', () => {
  it('assigns the administrator who imports, and refuses another one', () => {
    expect(supervisorsManager(admin, null)).toEqual({ managedBy: admin.id });
    expect(supervisorsManager(admin, admin.id)).toEqual({ managedBy: admin.id });
    expect(supervisorsManager(admin, otherAdmin).refusal).toBe('forbidden');
  });

  it('takes the manager’s choice, which is required', () => {
    expect(supervisorsManager(manager, otherAdmin)).toEqual({ managedBy: otherAdmin });
    expect(supervisorsManager(manager, null).refusal).toBe('managed_by.required');
  });

  it('refuses anyone else', () => {
    expect(supervisorsManager(supervisor, null).refusal).toBe('forbidden');
  });
});

describe('mayImportRow', () => {
  it('lets only the manager import administrators', () => {
    expect(mayImportRow(manager, { role: 'administrator', schoolId: 'school-a' }, null)).toBe(true);
    expect(mayImportRow(admin, { role: 'administrator', schoolId: 'school-a' }, null)).toBe(false);
  });

  it('keeps an administrator to members of its own schools', () => {
    expect(mayImportRow(admin, { role: 'member', schoolId: 'school-a' }, null)).toBe(true);
    expect(mayImportRow(admin, { role: 'member', schoolId: 'school-b' }, null)).toBe(false);
    expect(mayImportRow(admin, { role: 'member', schoolId: null }, null)).toBe(false);
    expect(mayImportRow(manager, { role: 'member', schoolId: 'school-b' }, null)).toBe(true);
  });

  it('lets an administrator import supervisors only for itself', () => {
    expect(mayImportRow(admin, { role: 'supervisor', schoolId: null }, admin.id)).toBe(true);
    expect(mayImportRow(admin, { role: 'supervisor', schoolId: null }, otherAdmin)).toBe(false);
  });

  it('refuses a supervisor whatever the row', () => {
    expect(mayImportRow(supervisor, { role: 'member', schoolId: 'school-a' }, null)).toBe(false);
  });
});

describe('stagedRowIssues', () => {
  const fields = (row: StagedAccount) => stagedRowIssues(row).map((i) => `${i.field} ${i.code}`);

  it('accepts a complete member and a complete supervisor', () => {
    expect(fields(member)).toEqual([]);
    expect(fields(staff)).toEqual([]);
  });

  it('finds what a member lacks', () => {
    expect(fields({ ...member, firstName: null, lastName: '', profile: null, school: null })).toEqual([
      'rows.2.firstName name.required_for_members',
      'rows.2.lastName name.required_for_members',
      'rows.2.profile profile.required_for_members',
      'rows.2.school schools.required_for_members',
      'rows.2.classes classes.without_school',
    ]);
  });

  it('finds what staff lack or may not have', () => {
    expect(fields({ ...staff, email: null, passwordHash: null, profile: 'teacher', school: '0750001U', classes: ['6A'] })).toEqual([
      'rows.2.email email.required',
      'rows.2.password password.required',
      'rows.2.profile profile.only_for_members',
      'rows.2.classes classes.only_for_members',
      'rows.2.school schools.not_for_supervisors',
    ]);
    expect(fields({ ...staff, role: 'administrator' })).toEqual(['rows.2.school schools.required_for_administrators']);
  });

  it('applies the username and email rules, and wants usernames in NFC', () => {
    expect(fields({ ...member, username: '#x' })).toEqual(['rows.2.username username.first_character']);
    expect(fields({ ...member, username: 'E\u0301ric' })).toEqual(['rows.2.username username.not_normalized']);
    expect(fields({ ...member, email: 'a@x.org, b@y.org' })).toEqual(['rows.2.email email.single_address']);
  });
});
