import { backoffMs, retryable, targetIssues, wantedAt } from './scim-push.rules';

describe('what a SCIM target holds of an account', () => {
  const target = { schoolIds: ['a'], profiles: ['student'] };
  const pupil = { role: 'member', profile: 'student' as const, schoolIds: ['a'], deactivated: false, preDeleted: false };
  it('the account as it is while active in the target’s schools and profiles', () => {
    expect(wantedAt(target, pupil)).toBe('present');
    expect(wantedAt({ schoolIds: [], profiles: [] }, { ...pupil, schoolIds: ['z'] })).toBe('present');
  });
  it('deactivated when Sesame deactivates it or it leaves the target’s reach', () => {
    expect(wantedAt(target, { ...pupil, deactivated: true })).toBe('inactive');
    expect(wantedAt(target, { ...pupil, schoolIds: ['b'] })).toBe('inactive');
    expect(wantedAt(target, { ...pupil, profile: 'teacher' })).toBe('inactive');
  });
  it('nothing once pre-deleted or deleted, and never a staff account', () => {
    expect(wantedAt(target, { ...pupil, preDeleted: true })).toBe('absent');
    expect(wantedAt(target, undefined)).toBe('absent');
    expect(wantedAt(target, { ...pupil, role: 'administrator' })).toBe('absent');
  });
});

describe('a target’s answers and the next try', () => {
  it('tries again when the target is unreachable, busy, failing or slow; gives up when it refuses', () => {
    expect([null, 408, 429, 500, 502, 503].map(retryable)).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 403, 404, 409, 413].map(retryable)).toEqual([false, false, false, false, false, false]);
  });
  it('doubles the wait from a second up to the bound, or waits what the target asked', () => {
    expect([1, 2, 3, 4, 10].map((attempt) => backoffMs(attempt, 30_000))).toEqual([1000, 2000, 4000, 8000, 30_000]);
    expect(backoffMs(1, 30_000, '7')).toBe(7000);
    expect(backoffMs(1, 30_000, '3600')).toBe(30_000);
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(backoffMs(1, 30_000, 'Sun, 06 Dec 2026 10:00:05 GMT', now)).toBe(5000);
  });
  it('accepts https, and http on the loopback only', () => {
    expect(targetIssues('https://ent.example.fr/scim/v2')).toEqual([]);
    expect(targetIssues('http://127.0.0.1:8080/scim')).toEqual([]);
    expect(targetIssues('http://ent.example.fr/scim')).toEqual([{ field: 'url', code: 'scim_target.https_required', params: { uri: 'http://ent.example.fr/scim' } }]);
  });
});
