import type { Caller } from '../identity/callers.service';
import { canImport, canSeeImport, percentOf } from './report.rules';

const caller = (role: Caller['role'], id = 'me'): Caller => ({ id, username: id, role, schoolIds: [] });

describe('who imports and sees imports', () => {
  it('lets the manager and administrators import, nobody else', () => {
    expect(canImport(caller('manager'))).toBe(true);
    expect(canImport(caller('administrator'))).toBe(true);
    expect(canImport(caller('supervisor'))).toBe(false);
    expect(canImport(caller('member'))).toBe(false);
  });

  it('shows the manager every import and an administrator its own', () => {
    expect(canSeeImport(caller('manager'), 'someone')).toBe(true);
    expect(canSeeImport(caller('administrator'), 'me')).toBe(true);
    expect(canSeeImport(caller('administrator'), 'someone')).toBe(false);
    expect(canSeeImport(caller('supervisor', 'someone'), 'someone')).toBe(false);
  });
});

describe('percentOf', () => {
  it('rounds to one decimal and stays within 0–100', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(5, 0)).toBe(0);
    expect(percentOf(12, 10)).toBe(100);
  });
});
