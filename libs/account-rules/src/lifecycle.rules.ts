/**
 * The legal calendar of a leaver (issue 16). A person who leaves goes through three delays, set per
 * profile by the manager:
 * - toleration: still active, flagged as leaving;
 * - deactivation: cannot log in any more;
 * - pre-deletion: marked for deletion, still restorable; then deleted.
 *
 * Arrêté du 30 novembre 2006 (ENT), article 6: the data of a person who no longer has a reason to
 * hold an account is deleted within three months. Three calendar months from any departure date are
 * never shorter than 89 days (31 January → 30 April), so the three delays together may not exceed 89
 * days: deletion then falls within three months whatever the day of departure.
 */
export const LEGAL_MAX_LIFECYCLE_DAYS = 89;

export interface LifecycleDelays {
  tolerationDays: number;
  deactivationDays: number;
  preDeletionDays: number;
}

/** A rule's refusal of one field of the policy. */
export interface LifecycleIssue {
  field: string;
  code: string;
  params?: Record<string, number>;
}

export type LifecycleStep = 'active' | 'leaving' | 'deactivated' | 'pre_deleted';

export interface LifecycleDates {
  deactivateOn: Date;
  preDeleteOn: Date;
  deleteOn: Date;
}

const DAY_MS = 86_400_000;

/** Why a policy is refused: a negative or fractional delay, or a total past the legal limit. */
export function checkLifecycleDelays(delays: LifecycleDelays, fieldPrefix = ''): LifecycleIssue[] {
  const issues: LifecycleIssue[] = [];
  for (const [field, days] of Object.entries(delays)) {
    if (!Number.isInteger(days) || days < 0) issues.push({ field: `${fieldPrefix}${field}`, code: 'lifecycle.delay_invalid' });
  }
  const total = lifecycleTotalDays(delays);
  if (issues.length === 0 && total > LEGAL_MAX_LIFECYCLE_DAYS) {
    issues.push({ field: `${fieldPrefix}preDeletionDays`, code: 'lifecycle.exceeds_legal_limit', params: { total, maximum: LEGAL_MAX_LIFECYCLE_DAYS } });
  }
  return issues;
}

export function lifecycleTotalDays(delays: LifecycleDelays): number {
  return delays.tolerationDays + delays.deactivationDays + delays.preDeletionDays;
}

/** The dates of each step for a departure at `leftAt`. */
export function lifecycleDates(leftAt: Date, delays: LifecycleDelays): LifecycleDates {
  const deactivateOn = new Date(leftAt.getTime() + delays.tolerationDays * DAY_MS);
  const preDeleteOn = new Date(deactivateOn.getTime() + delays.deactivationDays * DAY_MS);
  const deleteOn = new Date(preDeleteOn.getTime() + delays.preDeletionDays * DAY_MS);
  return { deactivateOn, preDeleteOn, deleteOn };
}
