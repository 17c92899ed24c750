import type { Me } from '../common/roles';
import { calendarSentence, departureActions, noticeSentences } from './calendar';
import type { AccountLifecycle } from './lifecycle-api';

const dates = { deactivateOn: '2026-07-14T22:00:00.000Z', preDeleteOn: '2026-08-13T22:00:00.000Z', deleteOn: '2026-09-12T22:00:00.000Z' };
const calendar = (over: Partial<AccountLifecycle> = {}): AccountLifecycle => ({
  id: '7d0f4b8e-0000-4000-8000-000000000001',
  profile: 'student',
  step: 'active',
  leftAt: null,
  hypothetical: true,
  dates,
  notices: [],
  ...over,
});
const left = (step: AccountLifecycle['step']) => calendar({ step, leftAt: '2026-06-30T22:00:00.000Z', hypothetical: false });
const me = (role: Me['role'], schools = ['a']): Me => ({
  id: `${role}-id`,
  username: role,
  displayName: role,
  firstName: null,
  lastName: null,
  email: null,
  role,
  schools: schools.map((id) => ({ id, uai: '0750001U', name: id })),
  locale: 'fr',
});
const member = { id: 'x', role: 'member' as const, schoolIds: ['a'], managedBy: null };

describe('the sentence of an account’s calendar', () => {
  it('says what a departure today would give, for an account that has not left', () => {
    expect(calendarSentence(calendar())).toEqual({ key: 'hypothetical', dates: { leftAt: null, ...dates } });
  });

  it('follows a leaver through its steps, with the day it left', () => {
    expect(calendarSentence(left('leaving'))?.key).toBe('leaving');
    expect(calendarSentence(left('deactivated'))?.key).toBe('deactivated');
    expect(calendarSentence(left('pre_deleted'))).toEqual({ key: 'preDeleted', dates: { leftAt: '2026-06-30T22:00:00.000Z', ...dates } });
  });

  it('does not put on the calendar an account deactivated or pre-deleted by hand', () => {
    expect(calendarSentence(calendar({ step: 'deactivated' }))?.key).toBe('deactivatedByHand');
    expect(calendarSentence(calendar({ step: 'pre_deleted' }))?.key).toBe('preDeletedByHand');
  });

  it('says nothing of staff accounts, which no calendar applies to', () => {
    expect(calendarSentence(calendar({ profile: null, dates: null }))).toBeNull();
  });
});

describe('the notices of a departure', () => {
  const notice = (kind: 'deactivation' | 'deletion', on: string, sentAt: string | null, outcome: 'sent' | 'refused' | null) => ({ kind, on, queuedAt: '2026-07-09T04:00:00.000Z', sentAt, outcome });

  it('says each notice sent, waiting to be sent or refused, in the order of the days they announce', () => {
    const notices = [
      notice('deletion', dates.deleteOn, null, null),
      notice('deactivation', dates.deactivateOn, '2026-07-09T04:01:00.000Z', 'sent'),
    ];
    expect(noticeSentences({ ...left('deactivated'), notices })).toEqual([
      { kind: 'deactivation', state: 'sent', on: dates.deactivateOn, sentAt: '2026-07-09T04:01:00.000Z' },
      { kind: 'deletion', state: 'pending', on: dates.deleteOn, sentAt: null },
    ]);
  });

  it('says a notice the mail server refused', () => {
    const notices = [notice('deactivation', dates.deactivateOn, '2026-07-09T04:01:00.000Z', 'refused')];
    expect(noticeSentences({ ...left('leaving'), notices })[0].state).toBe('refused');
  });

  it('says nothing when no notice was queued', () => {
    expect(noticeSentences(calendar())).toEqual([]);
  });
});

describe('who may record or cancel a departure', () => {
  it('lets the manager and the member’s administrators record the departure of a member still active', () => {
    expect(departureActions(me('manager', []), member, calendar())).toEqual({ depart: true, cancel: false, managerCancels: false });
    expect(departureActions(me('administrator'), member, calendar())).toEqual({ depart: true, cancel: false, managerCancels: false });
    expect(departureActions(me('administrator', ['b']), member, calendar())).toEqual({ depart: false, cancel: false, managerCancels: false });
    expect(departureActions(me('supervisor'), member, calendar())).toEqual({ depart: false, cancel: false, managerCancels: false });
  });

  it('records no departure for staff, nor for an account already gone or deactivated', () => {
    expect(departureActions(me('manager', []), { ...member, role: 'administrator' }, calendar({ profile: null, dates: null }))).toEqual({ depart: false, cancel: false, managerCancels: false });
    expect(departureActions(me('manager', []), member, calendar({ step: 'deactivated' }))).toEqual({ depart: false, cancel: false, managerCancels: false });
    expect(departureActions(me('manager', []), member, left('leaving')).depart).toBe(false);
  });

  it('lets an administrator cancel a departure during the toleration only; undoing the calendar is the manager’s', () => {
    expect(departureActions(me('administrator'), member, left('leaving')).cancel).toBe(true);
    expect(departureActions(me('administrator'), member, left('deactivated'))).toEqual({ depart: false, cancel: false, managerCancels: true });
    expect(departureActions(me('administrator'), member, left('pre_deleted'))).toEqual({ depart: false, cancel: false, managerCancels: true });
    expect(departureActions(me('supervisor'), member, left('deactivated')).managerCancels).toBe(false);
    expect(departureActions(me('manager', []), member, left('deactivated')).cancel).toBe(true);
    expect(departureActions(me('manager', []), member, left('pre_deleted')).cancel).toBe(true);
  });
});
