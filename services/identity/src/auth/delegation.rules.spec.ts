import { DELEGATED_OPERATIONS } from '@sesame/contracts';
import type { Actor } from './actor';
import { delegationCovers, mayDelegate } from './delegation.rules';

const X = '00000000-0000-4000-8000-00000000000a';
const Y = '00000000-0000-4000-8000-00000000000b';
const SCHOOL = '00000000-0000-4000-8000-0000000000c1';
const { validateImport, commitImport, freezeCampaign } = DELEGATED_OPERATIONS;

describe('delegationCovers', () => {
  it('covers its own operation on its own import only', () => {
    expect(delegationCovers({ op: commitImport, ref: X }, { op: commitImport, ref: X })).toBe(true);
    expect(delegationCovers({ op: commitImport, ref: X }, { op: commitImport, ref: Y })).toBe(false);
    expect(delegationCovers({ op: validateImport, ref: X }, { op: commitImport, ref: X })).toBe(false);
    expect(delegationCovers({ op: commitImport, ref: X }, { op: validateImport, ref: X })).toBe(false);
  });

  it('refuses a delegated call that names no import', () => {
    expect(delegationCovers({ op: validateImport, ref: X }, { op: validateImport, ref: undefined })).toBe(false);
  });

  it('binds a campaign to its filter, whatever the order of keys or the defaults spelled out', () => {
    const claims = { op: freezeCampaign, ref: X, filter: { schoolId: SCHOOL, profiles: ['student' as const], preDeleted: 'exclude' as const, deactivated: 'exclude' as const } };
    const same = { profiles: ['student' as const], schoolId: SCHOOL, preDeleted: 'exclude' as const, deactivated: 'exclude' as const };
    expect(delegationCovers(claims, { op: freezeCampaign, ref: X, filter: same })).toBe(true);
    expect(delegationCovers(claims, { op: freezeCampaign, ref: X, filter: { ...same, deactivated: 'include' } })).toBe(false);
    expect(delegationCovers(claims, { op: freezeCampaign, ref: X, filter: { ...same, profiles: ['student', 'teacher'] } })).toBe(false);
    expect(delegationCovers(claims, { op: freezeCampaign, ref: X, filter: { preDeleted: 'exclude', deactivated: 'exclude' } })).toBe(false);
    expect(delegationCovers(claims, { op: freezeCampaign, ref: Y, filter: same })).toBe(false);
    expect(delegationCovers({ op: freezeCampaign, ref: X }, { op: freezeCampaign, ref: X, filter: same })).toBe(false);
  });
});

describe('mayDelegate', () => {
  const as = (role: Actor['role']): Actor => ({ id: X, username: role, role, schoolIds: [] });

  it('lets the manager and administrators hand over imports, and every staff member a campaign', () => {
    expect(['manager', 'administrator', 'supervisor', 'member'].map((r) => mayDelegate(as(r as Actor['role']), commitImport))).toEqual([true, true, false, false]);
    expect(['manager', 'administrator', 'supervisor', 'member'].map((r) => mayDelegate(as(r as Actor['role']), validateImport))).toEqual([true, true, false, false]);
    expect(['manager', 'administrator', 'supervisor', 'member'].map((r) => mayDelegate(as(r as Actor['role']), freezeCampaign))).toEqual([true, true, true, false]);
  });
});
