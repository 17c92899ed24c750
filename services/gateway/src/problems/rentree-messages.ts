import type { Locale } from '@sesame/account-rules';

/** The refusals of a rentrée's class list (identity's issue codes), a line at a time. */
export const RENTREE_FIELD_MESSAGES: Record<Locale, Record<string, string>> = {
  fr: {
    'rentree.unknown_pupil': 'Ligne {line} : aucun usager de vos établissements n’a l’identifiant ou l’INE « {value} ».',
    'rentree.ambiguous_pupil': 'Ligne {line} : plusieurs comptes ont l’INE « {value} » ; indiquez plutôt l’identifiant de l’élève.',
    'rentree.school_not_opened': 'Ligne {line} : l’établissement de cette ligne ne fait pas partie de la rentrée (avec plusieurs établissements, chaque ligne indique le sien).',
    'rentree.no_school': 'Vous n’avez aucun établissement dont ouvrir l’année.',
  },
  en: {
    'rentree.unknown_pupil': 'Line {line}: no member of your schools has the login or INE “{value}”.',
    'rentree.ambiguous_pupil': 'Line {line}: several accounts have the INE “{value}”; give the pupil’s login instead.',
    'rentree.school_not_opened': 'Line {line}: this line’s school is not part of the rentrée (with several schools, each line names its own).',
    'rentree.no_school': 'You have no school whose year to open.',
  },
};

/** Why a rentrée or its restore was refused (identity's reasons), said in the answer's `detail`. */
export const RENTREE_CONFLICT_REASONS: Record<Locale, Record<string, string>> = {
  fr: {
    rentree_already_opened: 'Un de ces établissements a déjà fait sa rentrée pour l’année scolaire {schoolYear} : une année ne s’ouvre qu’une fois.',
    restore_expired: 'Le délai de 30 jours pour restaurer l’année précédente est passé.',
    rentree_restored: 'Cette rentrée a déjà été annulée : l’année précédente est restaurée.',
    rentree_superseded: 'Une rentrée plus récente a été ouverte pour ces établissements : celle-ci ne peut plus être annulée.',
  },
  en: {
    rentree_already_opened: 'One of these schools already opened school year {schoolYear}: a year opens only once.',
    restore_expired: 'The 30 days during which the previous year could be restored are over.',
    rentree_restored: 'This rentrée was already undone: the previous year is back.',
    rentree_superseded: 'A later rentrée opened these schools: this one can no longer be undone.',
  },
};
