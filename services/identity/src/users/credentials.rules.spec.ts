import { roleChanged } from './credentials.rules';

describe('roleChanged', () => {
  const student = { role: 'member' as const, profile: 'student' as const, managed_by: null };
  const supervisor = { role: 'supervisor' as const, profile: null, managed_by: '6a1f0c3e-0000-4000-8000-000000000001' };

  it('is true for another profile, another administrator, or another role', () => {
    expect(roleChanged(student, { profile: 'teacher' })).toBe(true);
    expect(roleChanged(supervisor, { managed_by: '6a1f0c3e-0000-4000-8000-000000000002' })).toBe(true);
    expect(roleChanged(student, { role: 'supervisor' })).toBe(true);
  });

  it('is false for the same values again, or for edits of names, email and the like', () => {
    expect(roleChanged(student, { profile: 'student' })).toBe(false);
    expect(roleChanged(supervisor, { managed_by: supervisor.managed_by })).toBe(false);
    expect(roleChanged(student, { first_name: 'Léa', email: 'lea@example.org', username: 'lea.m' })).toBe(false);
    expect(roleChanged(student, {})).toBe(false);
  });
});
