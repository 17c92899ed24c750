import type { Locale } from '@sesame/account-rules';

/** The refusals of a SCIM target's registration (identity's issue codes, scim-push.rules). */
export const SCIM_TARGET_FIELD_MESSAGES: Record<Locale, Record<string, string>> = {
  fr: {
    'scim_target.https_required': 'L’adresse « {uri} » doit commencer par https:// (http:// n’est accepté que pour localhost et 127.0.0.1).',
    'scim_target.unknown_school': 'Cet établissement n’existe pas dans Sesame.',
  },
  en: {
    'scim_target.https_required': 'The address “{uri}” must start with https:// (http:// is accepted for localhost and 127.0.0.1 only).',
    'scim_target.unknown_school': 'This school does not exist in Sesame.',
  },
};

/** Why a change to a SCIM target was refused (identity's reasons). */
export const SCIM_TARGET_CONFLICT_REASONS: Record<Locale, Record<string, string>> = {
  fr: { scim_reconcile_running: 'Une comparaison avec cet outil est déjà en cours ; attendez qu’elle se termine.' },
  en: { scim_reconcile_running: 'A comparison with this tool is already running; wait until it ends.' },
};
