import type { Locale } from '@sesame/account-rules';
import type { FeedReadError } from '@sesame/contracts';
import { FEED_ERROR_CODES, FeedError, type FeedErrorCode, feedMessage } from '@sesame/feeds';

/** The upload form's own issues (the files' contents are libs/feeds' messages, said in the feed's `error`). */
export const FEED_FIELD_MESSAGES: Record<Locale, Record<string, string>> = {
  fr: {
    'feed.uai_required': 'Indiquez le code UAI de l’établissement dont vous chargez l’export.',
    'feed.uai_not_for_aaf': 'Une livraison AAF concerne toute l’académie : n’indiquez pas d’établissement.',
    'feed.file_name': 'Un des fichiers envoyés n’a pas de nom utilisable.',
    'feed.file_twice': 'Le fichier « {value} » a été envoyé deux fois.',
    'feed.files_required': 'Joignez au moins un fichier de la livraison (champ « files »).',
  },
  en: {
    'feed.uai_required': 'Give the UAI of the school whose export you upload.',
    'feed.uai_not_for_aaf': 'An AAF delivery covers the whole académie: give no school.',
    'feed.file_name': 'One of the files sent has no usable name.',
    'feed.file_twice': 'The file “{value}” was sent twice.',
    'feed.files_required': 'Attach at least one file of the delivery (field “files”).',
  },
};

/** Why a `conflict` about a feed happened (identity's reasons), said in the answer's `detail`. */
export const FEED_CONFLICT_REASONS: Record<Locale, Record<string, string>> = {
  fr: {
    feed_held: 'Au moins un établissement perdrait plus de comptes que le seuil autorisé : confirmez-le une seconde fois en donnant la raison de ces départs.',
    feed_not_ready: 'La comparaison de ce flux n’est pas prête, ou ce flux a déjà été confirmé : il ne peut pas être confirmé maintenant.',
    feed_stale: 'L’annuaire a changé depuis la comparaison de ce flux : elle est recalculée ; vérifiez-la à nouveau avant de confirmer.',
    feed_not_reading: 'Ce flux n’est plus en cours de lecture.',
    feed_incomplete: 'Tous les enregistrements de ce flux ne sont pas arrivés : chargez les fichiers à nouveau.',
    feed_duplicate_key: 'Une même personne figure deux fois dans ce flux.',
  },
  en: {
    feed_held: 'At least one school would lose more accounts than the threshold allows: confirm it a second time, giving the reason for these departures.',
    feed_not_ready: 'This feed’s comparison is not ready, or the feed was already confirmed: it cannot be confirmed now.',
    feed_stale: 'The directory changed since this feed was compared: the comparison runs again; review it before confirming.',
    feed_not_reading: 'This feed is no longer being read.',
    feed_incomplete: 'Not every record of this feed arrived: upload the files again.',
    feed_duplicate_key: 'The same person is twice in this feed.',
  },
};

/** Why a read ended that is not the files' fault (the importer gave up). */
const READ_FAILURES: Record<Locale, Record<string, string>> = {
  fr: {
    'failure.unavailable': 'La lecture des fichiers n’a pas pu aboutir (service indisponible) ; chargez-les à nouveau.',
    'failure.refused': 'La lecture des fichiers a été refusée : vos droits ont changé pendant la lecture.',
    'failure.session_expired': 'La lecture des fichiers a été interrompue : l’autorisation donnée au chargement a expiré. Chargez-les à nouveau.',
  },
  en: {
    'failure.unavailable': 'The files could not be read (a service was unavailable); upload them again.',
    'failure.refused': 'Reading the files was refused: your rights changed while they were read.',
    'failure.session_expired': 'Reading the files stopped: the authorisation given at upload expired. Upload them again.',
  },
};

const isFeedErrorCode = (code: string): code is FeedErrorCode => (FEED_ERROR_CODES as readonly string[]).includes(code);

/** A feed's error as one sentence naming the file, the record and the field (libs/feeds' messages). */
export function feedErrorMessage(error: FeedReadError, locale: Locale): string {
  if (isFeedErrorCode(error.code)) {
    return feedMessage(new FeedError(error.code, { file: error.file, record: error.record, field: error.field, params: error.params }), locale);
  }
  return READ_FAILURES[locale][error.code] ?? READ_FAILURES[locale]['failure.unavailable'];
}
