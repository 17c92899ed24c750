import type { Subject } from '@sesame/account-rules/src/permissions.rules';
import { type Me, can } from '../common/roles';
import type { AccountLifecycle } from './lifecycle-api';

/** The dates a sentence names, as the API gives them (ISO instants). */
export type CalendarDates = Record<'leftAt' | 'deactivateOn' | 'preDeleteOn' | 'deleteOn', string | null>;

/** Which sentence of `sesame.lifecycle.account` says the account's calendar. */
export type CalendarSentence = 'hypothetical' | 'leaving' | 'deactivated' | 'preDeleted' | 'deactivatedByHand' | 'preDeletedByHand';

/**
 * The sentence of an account's calendar, or none for the accounts no calendar applies to (staff
 * without a profile). An account deactivated or pre-deleted by hand, without a departure, is not on
 * the calendar: the simulator's dates would mean nothing for it.
 */
export function calendarSentence(calendar: AccountLifecycle): { key: CalendarSentence; dates: CalendarDates } | null {
  if (!calendar.dates) return null;
  const dates = { leftAt: calendar.leftAt, ...calendar.dates };
  if (calendar.leftAt === null) {
    if (calendar.step === 'deactivated') return { key: 'deactivatedByHand', dates };
    if (calendar.step === 'pre_deleted') return { key: 'preDeletedByHand', dates };
    return { key: 'hypothetical', dates };
  }
  const key = ({ active: 'leaving', leaving: 'leaving', deactivated: 'deactivated', pre_deleted: 'preDeleted' } as const)[calendar.step];
  return { key, dates };
}

/** Which sentence of `sesame.lifecycle.account.notices.<kind>` says what became of a notice. */
export type NoticeState = 'sent' | 'pending' | 'refused';

/**
 * The notices of the departure (emailed before deactivation and before deletion), in the order of
 * the days they announce: each with the sentence of its state and the dates it names.
 */
export function noticeSentences(calendar: AccountLifecycle): Array<{ kind: AccountLifecycle['notices'][number]['kind']; state: NoticeState; on: string; sentAt: string | null }> {
  return [...calendar.notices]
    .sort((a, b) => a.on.localeCompare(b.on) || a.kind.localeCompare(b.kind))
    .map((notice) => ({
      kind: notice.kind,
      state: notice.outcome === 'refused' ? 'refused' : notice.outcome === 'sent' || notice.sentAt ? 'sent' : 'pending',
      on: notice.on,
      sentAt: notice.sentAt,
    }));
}

/**
 * What the viewer may do with the account's departure: record one (a member on the calendar, not
 * gone yet, that the viewer manages) or cancel it. Undoing a deactivation or a pre-deletion is the
 * manager's, as a reactivation is: `managerCancels` says so to an administrator who would otherwise
 * look for the button. The API decides; this only hides what it would refuse.
 */
export function departureActions(me: Me, account: Subject, calendar: AccountLifecycle): { depart: boolean; cancel: boolean; managerCancels: boolean } {
  const manages = account.role === 'member' && can.manage(me, account);
  const left = manages && calendar.leftAt !== null;
  const calendarActed = calendar.step === 'deactivated' || calendar.step === 'pre_deleted';
  return {
    depart: manages && calendar.dates !== null && calendar.leftAt === null && calendar.step === 'active',
    cancel: left && (!calendarActed || can.reactivate(me)),
    managerCancels: left && calendarActed && !can.reactivate(me),
  };
}
