/*
 * What identity's answers about feeds mean, in complete sentences, for the gateway's problem
 * details and the console (issue 15). Placeholders are the answer's params.
 */

/** `conflict` reasons of IdentityFeedRpc (params.reason). */
export const FEED_CONFLICT_MESSAGES = {
  fr: {
    feed_held:
      'Au moins un établissement perdrait plus de comptes que le seuil autorisé ({uais}) : confirmez une seconde fois en donnant, pour chacun, la raison de ces départs (10 caractères au moins).',
    feed_stale: 'L’annuaire a changé depuis le calcul des différences pour des comptes qu’elles concernent : elles sont recalculées. Relisez-les avant de confirmer.',
    feed_not_ready: 'Les différences de ce flux ne sont pas prêtes à être confirmées.',
    feed_not_reading: 'La lecture de ce flux est terminée : il ne reçoit plus d’enregistrements.',
    feed_incomplete: 'Tous les enregistrements lus ne sont pas arrivés ({persons} personnes en {chunks} parties reçues sur {expectedPersons} en {expectedChunks}).',
    feed_duplicate_key: 'Une même personne (même identifiant de jointure) figure deux fois dans cette livraison.',
  },
  en: {
    feed_held:
      'At least one school would lose more accounts than the threshold allows ({uais}): confirm a second time, giving for each the reason for these departures (10 characters at least).',
    feed_stale: 'The directory changed since the differences were computed, for accounts they are about: they are being computed again. Review them before confirming.',
    feed_not_ready: 'This feed’s differences are not ready to be confirmed.',
    feed_not_reading: 'This feed has been read: it takes no more records.',
    feed_incomplete: 'Not every record read has arrived ({persons} persons in {chunks} parts received out of {expectedPersons} in {expectedChunks}).',
    feed_duplicate_key: 'The same person (same join key) appears twice in this delivery.',
  },
} as const;

/** Codes of a feed's `error` that identity sets itself (the readers' codes are libs/feeds'), and its field issues. */
export const FEED_OUTCOME_MESSAGES = {
  fr: {
    'feed.abandoned': 'La lecture de ce flux s’est interrompue et n’a pas repris depuis un jour : chargez les fichiers à nouveau.',
    'feed.stale': 'L’annuaire a changé depuis le calcul des différences : elles ont été recalculées et attendent une nouvelle confirmation.',
    'feed.apply_failed': 'L’application de ce flux a échoué après plusieurs essais et rien n’a été modifié ({message}). Vous pouvez confirmer à nouveau.',
    'feed.diff_failed': 'Le calcul des différences de ce flux a échoué ({message}) : chargez les fichiers à nouveau.',
    'feed.uai_required': 'Indiquez l’établissement (code UAI) dont ces fichiers sont l’export.',
    'feed.uai_mismatch': 'Cet export contient l’établissement {uai}, et non {expected} : il est refusé.',
  },
  en: {
    'feed.abandoned': 'Reading this feed stopped and has not resumed for a day: upload the files again.',
    'feed.stale': 'The directory changed since the differences were computed: they were computed again and wait for a new confirmation.',
    'feed.apply_failed': 'Applying this feed failed after several attempts and nothing was changed ({message}). You may confirm again.',
    'feed.diff_failed': 'Computing this feed’s differences failed ({message}): upload the files again.',
    'feed.uai_required': 'Give the school (UAI code) these files are the export of.',
    'feed.uai_mismatch': 'This export holds school {uai}, not {expected}: it is refused.',
  },
} as const;
