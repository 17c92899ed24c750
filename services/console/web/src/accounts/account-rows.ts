/** How a row of the accounts list says an account's state and dates. */
export interface AccountStateFields {
  activated: boolean;
  deactivatedAt: string | null;
  preDeletedAt: string | null;
}

export type AccountState = 'preDeleted' | 'deactivated' | 'activated' | 'notActivated';

/** The one state a row shows: pre-deletion, then deactivation, outweigh whether it was activated. */
export function accountState(row: AccountStateFields): AccountState {
  if (row.preDeletedAt) return 'preDeleted';
  if (row.deactivatedAt) return 'deactivated';
  return row.activated ? 'activated' : 'notActivated';
}

/** A date as dd/mm/yyyy in both languages (French administrative usage; en-GB writes it the same way). */
export const formatDate = (value: string | null | undefined, locale: string) =>
  value ? new Date(value).toLocaleDateString(locale === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris' }) : '';
