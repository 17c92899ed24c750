import type { frLifecycle } from './fr-lifecycle';

/** The leavers' calendar in English: the same keys as fr-lifecycle.ts (the type makes sure of it). */
export const enLifecycle: typeof frLifecycle = {
  policy: {
    heading: 'The delays, profile by profile',
    law: 'The arrêté of 30 November 2006 (article 6) wants the data of an ENT account deleted within three months of its holder’s departure: from departure to deletion, a profile’s three delays therefore add up to %{maximum} days at most, whatever the day of departure.',
    steps:
      'A member who leaves keeps an active account during the toleration, flagged as leaving; the account is then deactivated, then marked for deletion (it can still be restored), then deleted, each step on its date.',
    notices:
      'The notice: a member who leaves and has an email address is sent a notice by email, in their language, that many days before their account is deactivated, then as many days before it is deleted. The notice does not count in the total of the delays.',
    managerHelp: 'A change also applies to the departures already recorded, from their departure date. The accounts of administrators and supervisors do not follow this calendar.',
    readOnly: 'Only the académie’s manager can change these delays.',
    updatedAt: 'Last changed on %{date}.',
    neverUpdated: 'These are the delays of the installation: they have never been changed.',
    caption: 'Delays of the leavers’ calendar, in days, for each profile.',
    columns: { profile: 'Profile', tolerationDays: 'Toleration (days)', deactivationDays: 'Deactivation (days)', preDeletionDays: 'Pre-deletion (days)', noticeDays: 'Notice (days)', total: 'From departure to deletion' },
    delays: { tolerationDays: 'toleration', deactivationDays: 'deactivation', preDeletionDays: 'pre-deletion', noticeDays: 'notice' },
    input: '%{profile}: %{delay}, in days',
    total: '%{smart_count} day |||| %{smart_count} days',
    overLimit: '%{total} days: more than the %{maximum} days the law allows.',
    notANumber: 'Type each delay as a whole number of days, zero or more.',
    noticeOutOfRange: 'Type the notice as a whole number of days, from 0 to %{maximum}.',
    save: 'Save the calendar',
    saved: 'The leavers’ calendar has been saved; the departures already recorded follow the new delays from their departure date.',
  },
  account: {
    heading: 'Leavers’ calendar',
    hypothetical: 'If this account left today, it would be deactivated on %{deactivateOn} and deleted on %{deleteOn}.',
    leaving: 'Departure recorded on %{leftAt}. The account stays active until %{deactivateOn}; it will be deactivated on %{deactivateOn}, marked for deletion on %{preDeleteOn} and deleted on %{deleteOn}.',
    deactivated: 'Departure recorded on %{leftAt}. The account was deactivated on %{deactivateOn}; it will be marked for deletion on %{preDeleteOn} and deleted on %{deleteOn}.',
    preDeleted: 'Departure recorded on %{leftAt}. The account was deactivated on %{deactivateOn}, then marked for deletion on %{preDeleteOn}; it will be deleted on %{deleteOn}.',
    deactivatedByHand: 'No departure is recorded for this account: it was deactivated by hand, outside the leavers’ calendar.',
    preDeletedByHand: 'No departure is recorded for this account: it was marked for deletion by hand, outside the leavers’ calendar, and it will be deleted on %{deleteOn}.',
    cancelManagerOnly: 'The calendar has already acted on this account: only the manager can cancel this departure.',
    noticesLabel: 'Notices sent to the member',
    notices: {
      deactivation: {
        sent: 'Deactivation notice (due on %{on}) sent on %{sentAt}.',
        pending: 'Deactivation notice (due on %{on}) waiting to be sent.',
        refused: 'Deactivation notice (due on %{on}) refused by the mail server.',
      },
      deletion: {
        sent: 'Deletion notice (due on %{on}) sent on %{sentAt}.',
        pending: 'Deletion notice (due on %{on}) waiting to be sent.',
        refused: 'Deletion notice (due on %{on}) refused by the mail server.',
      },
    },
  },
  simulator: {
    heading: 'Simulator',
    intro: 'For any selection, see when its accounts would be deactivated and deleted.',
    help: 'Accounts without a recorded departure are counted as if they left on the day chosen; those whose departure is recorded follow their own calendar. Nothing is changed.',
    school: 'School',
    allAcademy: 'The whole académie',
    allMySchools: 'All your schools',
    profiles: 'Profiles',
    profilesHelp: 'No profile chosen: every profile.',
    classes: 'Classes',
    classesChooseSchool: 'Classes: choose a school first',
    leftAt: 'Departure date',
    leftAtHelp: 'Today by default; a day to come is fine too.',
    withInactive: 'Also count the accounts deactivated or marked for deletion',
    run: 'Simulate',
    caption: 'Deactivation and deletion dates of the selection’s accounts, by profile and situation.',
    columns: { profile: 'Profile', situation: 'Situation', count: 'Number', deactivateOn: 'Deactivated on', deleteOn: 'Deleted on' },
    situations: { simulated: 'Active — simulated departure', leaving: 'Departure recorded', deactivated: 'Deactivated', preDeleted: 'Marked for deletion' },
    sentences: {
      empty: 'No account matches this selection.',
      total: '%{smart_count} account in this selection. |||| %{smart_count} accounts in this selection.',
      simulated:
        '%{smart_count} account would leave on %{leftAt}: it would be deactivated on %{deactivateOn} and deleted on %{deleteOn}. |||| %{smart_count} accounts would leave on %{leftAt}: they would be deactivated on %{deactivateOn} and deleted on %{deleteOn}.',
      recorded:
        '%{smart_count} account whose departure is already recorded follows its calendar: deactivation on %{deactivateOn}, deletion on %{deleteOn}. |||| %{smart_count} accounts whose departure is already recorded follow their calendar: deactivation on %{deactivateOn}, deletion on %{deleteOn}.',
      outside: '%{smart_count} staff account does not follow the calendar. |||| %{smart_count} staff accounts do not follow the calendar.',
    },
  },
  depart: {
    label: 'Record a departure',
    title: 'Record the departure of %{name}?',
    question:
      'The account will stay active during its profile’s toleration, then it will be deactivated, marked for deletion and deleted on the dates of the leavers’ calendar. Until it is deleted, the departure can be cancelled: the account then keeps its username and password.',
    date: 'Departure date',
    dateHelp: 'Today, or a past day, for example the leaving date in the school’s records.',
    required: 'Type the departure date.',
    future: 'The departure date cannot be in the future: record the departure when the day comes.',
    confirm: 'Yes, record the departure',
    done: 'The departure of %{name} has been recorded: the account will be deactivated on %{deactivateOn} and deleted on %{deleteOn}.',
  },
  cancel: {
    label: 'Cancel the departure',
    title: 'Cancel the departure of %{name}?',
    leaving: 'The departure will be forgotten: the account stays active, with the same username and password, and it will be neither deactivated nor deleted.',
    undo: 'The departure will be forgotten and what the calendar did will be undone: the account will be active again, with the same username and password.',
    confirm: 'Yes, cancel the departure',
    done: 'The departure of %{name} has been cancelled: the account is active, with the same username and password.',
  },
};
