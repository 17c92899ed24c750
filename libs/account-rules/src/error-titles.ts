import type { ErrorCode } from '@sesame/contracts';
import { humanDuration } from './duration.rules';
import { Locale, interpolate } from './messages';

/*
 * What each error code says to a person: the API's problem titles (the gateway) and the sign-in pages
 * of the OpenID Connect provider (identity) use the same sentences.
 */

/** The title of each error code, as a complete sentence in each language. */
const TITLES: Record<Locale, Record<ErrorCode, string>> = {
  fr: {
    validation_failed: 'La requête contient des valeurs incorrectes.',
    unauthenticated: 'Vous devez vous connecter pour effectuer cette action.',
    invalid_credentials: 'L’identifiant ou le mot de passe est incorrect.',
    invalid_activation: 'L’identifiant ou le code d’activation est incorrect, ou le compte est déjà activé.',
    activation_code_expired: 'Ce code d’activation a expiré ; demandez-en un nouveau à l’administrateur de votre établissement.',
    invalid_reset_token: 'Ce lien de réinitialisation n’est plus valable ; faites une nouvelle demande.',
    forbidden: 'Vous n’avez pas le droit d’effectuer cette action.',
    account_deactivated: 'Ce compte a été désactivé : adressez-vous au secrétariat de votre établissement.',
    not_found: 'La ressource demandée n’existe pas.',
    username_taken: 'L’identifiant « {username} » est déjà utilisé.',
    username_lookalike: 'Cet identifiant ressemble trop à un identifiant déjà utilisé (des caractères différents qui se lisent pareil) ; choisissez-en un autre.',
    manager_exists: 'Un gestionnaire existe déjà ; il ne peut y en avoir qu’un.',
    conflict: 'Cette action n’est pas possible dans l’état actuel du compte.',
    payload_too_large: 'La requête est trop volumineuse.',
    unsupported_media_type: 'Le format de la requête n’est pas pris en charge ; envoyez du JSON.',
    rate_limited: 'Trop de tentatives : réessayez dans {wait}.',
    internal: 'Une erreur inattendue s’est produite ; réessayez plus tard.',
    service_unavailable: 'Le service est momentanément indisponible ; réessayez dans quelques instants.',
  },
  en: {
    validation_failed: 'The request contains invalid values.',
    unauthenticated: 'You must sign in to do this.',
    invalid_credentials: 'The username or the password is wrong.',
    invalid_activation: 'The username or the activation code is wrong, or the account is already activated.',
    activation_code_expired: 'This activation code has expired; ask your school’s administrator for a new one.',
    invalid_reset_token: 'This reset link is no longer valid; ask for a new one.',
    forbidden: 'You are not allowed to do this.',
    account_deactivated: 'This account has been deactivated: ask your school’s office.',
    not_found: 'The requested resource does not exist.',
    username_taken: 'The username “{username}” is already taken.',
    username_lookalike: 'This username looks too much like one already in use (different characters that read the same); choose another.',
    manager_exists: 'A manager already exists; there can be only one.',
    conflict: 'This cannot be done in the account’s current state.',
    payload_too_large: 'The request is too large.',
    unsupported_media_type: 'This request format is not supported; send JSON.',
    rate_limited: 'Too many attempts: try again in {wait}.',
    internal: 'Something unexpected went wrong; try again later.',
    service_unavailable: 'The service is temporarily unavailable; try again in a moment.',
  },
};

/** How long to wait, said in words; a refusal that came without its delay (a bare 429) says "a moment". */
const A_MOMENT: Record<Locale, string> = { fr: 'quelques instants', en: 'a moment' };

export function titleOf(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const wait = typeof params.retryAfter === 'number' ? humanDuration(params.retryAfter, locale) : A_MOMENT[locale];
  return interpolate(TITLES[locale][code], code === 'rate_limited' ? { ...params, wait } : params);
}

/** The one answer to every reset request, whatever the login (SPEC §3: no enumeration): the API's and the sign-in page's. */
export const FORGOT_PASSWORD_ANSWER = {
  fr: 'Si ce compte existe et qu’une adresse e-mail y est associée, un lien pour choisir un nouveau mot de passe vient d’y être envoyé ; il est valable 30 minutes. Sinon, adressez-vous à l’administrateur de votre établissement.',
  en: 'If this account exists and has an email address, a link to choose a new password has just been sent to it; it is valid for 30 minutes. Otherwise, ask your school’s administrator.',
};
