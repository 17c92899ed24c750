import { accountState, formatDate } from './account-rows';

describe('accountState: one state per row', () => {
  const row = { activated: false, deactivatedAt: null, preDeletedAt: null };

  it('says whether the account was activated', () => {
    expect(accountState(row)).toBe('notActivated');
    expect(accountState({ ...row, activated: true })).toBe('activated');
  });

  it('says « Désactivé » alone for a deactivated account, activated or not', () => {
    expect(accountState({ ...row, deactivatedAt: '2026-01-02T10:00:00Z' })).toBe('deactivated');
    expect(accountState({ ...row, activated: true, deactivatedAt: '2026-01-02T10:00:00Z' })).toBe('deactivated');
  });

  it('puts pre-deletion first: the account is about to go', () => {
    expect(accountState({ ...row, deactivatedAt: '2026-01-02T10:00:00Z', preDeletedAt: '2026-01-03T10:00:00Z' })).toBe('preDeleted');
  });
});

describe('formatDate: dd/mm/yyyy in both languages, in Paris time', () => {
  it('writes the day first', () => {
    expect(formatDate('2026-03-09T23:30:00Z', 'fr')).toBe('10/03/2026');
    expect(formatDate('2026-03-09T10:00:00Z', 'en')).toBe('09/03/2026');
    expect(formatDate(null, 'fr')).toBe('');
  });
});
