import type { DistributionRow } from '@sesame/contracts';
import { countsOf, previewOf, progressOf, skipReason, snapshotOf } from './recipient.rules';
import { SNAPSHOT_COLUMNS } from './recipients.repository';

const NOW = new Date('2025-09-01T08:00:00Z');
const row = (r: Partial<DistributionRow> = {}): DistributionRow => ({
  id: '7d1c6c1e-0c4a-4d0e-9a43-0c3c6f9c2b11',
  username: 'lea.martin',
  firstName: 'Léa',
  lastName: 'Martin',
  displayName: 'Léa Martin',
  role: 'member',
  profile: 'student',
  sortName: 'martin lea lea.martin',
  school: { uai: '0750001U', name: 'Collège Victor-Hugo' },
  className: '3A',
  classes: ['3A'],
  activated: false,
  activationCode: 'pt6cpj7c',
  activationCodeExpiresAt: '2025-12-01T00:00:00.000Z',
  email: 'lea@example.org',
  locale: 'fr',
  deactivated: false,
  preDeleted: false,
  children: [],
  ...r,
});

describe('skipReason', () => {
  it('keeps an account that can be written to', () => {
    expect(skipReason(row(), 'email', NOW)).toBeNull();
    expect(skipReason(row({ email: null }), 'pdf', NOW)).toBeNull();
    expect(skipReason(row({ activated: true, activationCode: null, activationCodeExpiresAt: null }), 'email', NOW)).toBeNull();
  });

  it('skips an email campaign’s accounts without a usable address', () => {
    expect(skipReason(row({ email: null }), 'email', NOW)).toBe('no_email');
    expect(skipReason(row({ email: 'a@x.org, b@y.org' }), 'email', NOW)).toBe('invalid_email');
  });

  it('skips deactivated and pre-deleted accounts first, whatever the channel, even activated ones', () => {
    expect(skipReason(row({ deactivated: true }), 'pdf', NOW)).toBe('deactivated');
    expect(skipReason(row({ deactivated: true, preDeleted: true, email: null }), 'email', NOW)).toBe('deactivated');
    expect(skipReason(row({ preDeleted: true, activated: true, activationCode: null }), 'pdf', NOW)).toBe('pre_deleted');
    expect(skipReason(row({ preDeleted: true, email: null }), 'email', NOW)).toBe('pre_deleted');
  });

  it('skips accounts not activated whose code is missing or expired, whatever the channel', () => {
    expect(skipReason(row({ activationCode: null }), 'pdf', NOW)).toBe('no_activation_code');
    expect(skipReason(row({ activationCodeExpiresAt: '2025-09-01T08:00:00.000Z' }), 'pdf', NOW)).toBe('activation_code_expired');
  });
});

describe('snapshotOf', () => {
  it('copies what a letter prints and marks skipped accounts with the reason', () => {
    const kept = snapshotOf('c', row(), 'email', NOW);
    expect(kept).toMatchObject({ campaign_id: 'c', account_id: row().id, school_uai: '0750001U', class_name: '3A', status: 'pending', detail: null });
    expect(kept.activation_code_expires_at).toEqual(new Date('2025-12-01T00:00:00Z'));
    expect(snapshotOf('c', row({ email: null }), 'email', NOW)).toMatchObject({ status: 'skipped', detail: 'no_email', status_at: NOW });
    expect(snapshotOf('c', row({ deactivated: true }), 'pdf', NOW)).toMatchObject({ status: 'skipped', detail: 'deactivated', activation_code: 'pt6cpj7c' });
  });

  it('keeps a relative’s children, and nothing for an account without any', () => {
    const children = [{ name: 'Léa Martin', classes: ['3A'] }, { name: 'Hugo Martin', classes: ['5B'] }];
    expect(JSON.parse(snapshotOf('c', row({ profile: 'relative', children }), 'pdf', NOW).children as string)).toEqual(children);
    expect(snapshotOf('c', row(), 'pdf', NOW).children).toBeNull();
  });

  it('makes every column the page insert reads, and no other (a field it does not read would be lost)', () => {
    expect(Object.keys(snapshotOf('c', row(), 'pdf', NOW)).sort()).toEqual(SNAPSHOT_COLUMNS.map(([name]) => name).sort());
  });
});

describe('previewOf', () => {
  const group = (g: Partial<Parameters<typeof previewOf>[0][number]> = {}) => ({
    deactivated: false,
    preDeleted: false,
    hasEmail: true,
    activated: false,
    code: 'valid' as const,
    accounts: 1,
    ...g,
  });
  const groups = [
    group({ accounts: 10 }),
    group({ activated: true, accounts: 4 }),
    group({ hasEmail: false, accounts: 3 }),
    group({ deactivated: true, hasEmail: false, accounts: 2 }),
    group({ preDeleted: true, accounts: 1 }),
    group({ code: 'expired', accounts: 5 }),
    group({ code: 'missing', hasEmail: false, accounts: 1 }),
  ];

  it('says how many accounts a letter campaign reaches, and why the others are left out, in the order of the reasons', () => {
    expect(previewOf(groups, 'pdf', NOW)).toEqual({
      selected: 26,
      reached: 17,
      reminders: 4,
      leftOut: [
        { reason: 'deactivated', accounts: 2 },
        { reason: 'pre_deleted', accounts: 1 },
        { reason: 'no_activation_code', accounts: 1 },
        { reason: 'activation_code_expired', accounts: 5 },
      ],
    });
  });

  it('counts an account once, under its first reason: no email before an expired code for an email campaign', () => {
    expect(previewOf(groups, 'email', NOW)).toEqual({
      selected: 26,
      reached: 14,
      reminders: 4,
      leftOut: [
        { reason: 'deactivated', accounts: 2 },
        { reason: 'pre_deleted', accounts: 1 },
        { reason: 'no_email', accounts: 4 },
        { reason: 'activation_code_expired', accounts: 5 },
      ],
    });
  });

  it('says nothing is left out of an empty selection', () => {
    expect(previewOf([], 'pdf', NOW)).toEqual({ selected: 0, reached: 0, reminders: 0, leftOut: [] });
  });
});

describe('countsOf and progressOf', () => {
  const counts = countsOf([
    { status: 'sent', n: 5 },
    { status: 'pending', n: 3 },
    { status: 'claimed', n: 1 },
    { status: 'skipped', n: 2 },
    { status: 'uncertain', n: 1 },
  ]);

  it('adds the statuses up, waiting and on-their-way emails together', () => {
    expect(counts).toEqual({ selected: 12, pending: 4, printed: 0, sent: 5, skipped: 2, failed: 0, uncertain: 1 });
  });

  it('measures an email campaign by the emails settled, a PDF by the letters written', () => {
    expect(progressOf('email', counts, 0, false)).toBeCloseTo(6 / 10);
    expect(progressOf('pdf', { ...counts, pending: 10 }, 5, false)).toBeCloseTo(5 / 10);
    expect(progressOf('pdf', counts, 0, true)).toBe(1);
    expect(progressOf('pdf', countsOf([]), 0, false)).toBe(0);
  });
});
