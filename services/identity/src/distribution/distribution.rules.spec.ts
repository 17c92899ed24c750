import type { UserFilter } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { distributionRefusal } from './distribution.rules';

const SCHOOL_A = '0b6f5a1e-55c4-4c2f-9d0e-6a1f4e0c0a01';
const SCHOOL_B = '0b6f5a1e-55c4-4c2f-9d0e-6a1f4e0c0b02';
const actor = (role: Actor['role'], schoolIds: string[] = [SCHOOL_A]): Actor => ({ id: 'x', username: 'x', role, schoolIds: role === 'manager' ? [] : schoolIds });
const filter = (f: Partial<UserFilter> = {}): UserFilter => ({ preDeleted: 'exclude', deactivated: 'exclude', ...f });

describe('distributionRefusal', () => {
  it('refuses members whatever they ask', () => {
    expect(distributionRefusal(actor('member'), filter(), [])).toBe('forbidden');
  });

  it.each(['administrator', 'supervisor'] as const)('lets a %s distribute in its own schools and classes', (role) => {
    expect(distributionRefusal(actor(role), filter(), [])).toBeNull();
    expect(distributionRefusal(actor(role), filter({ schoolId: SCHOOL_A }), [SCHOOL_A])).toBeNull();
  });

  it.each(['administrator', 'supervisor'] as const)('refuses a %s a school or a class of another school', (role) => {
    expect(distributionRefusal(actor(role), filter({ schoolId: SCHOOL_B }), [])).toBe('forbidden');
    expect(distributionRefusal(actor(role), filter(), [SCHOOL_A, SCHOOL_B])).toBe('forbidden');
  });

  it('lets the manager distribute anywhere', () => {
    expect(distributionRefusal(actor('manager'), filter({ schoolId: SCHOOL_B }), [SCHOOL_A, SCHOOL_B])).toBeNull();
  });
});
