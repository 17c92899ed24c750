/**
 * What the rules' codes mean, in the words a user reads. Shared by the API's error answers and the
 * console's forms so both say the same thing.
 */
export const RULE_MESSAGES = {
  fr: {
    'username.required': 'L’identifiant est obligatoire.',
    'username.too_long': 'L’identifiant ne peut pas dépasser {maximum} caractères.',
    'username.first_character': 'L’identifiant doit commencer par une lettre ou un chiffre.',
    'username.forbidden_character': 'L’identifiant ne peut pas contenir le caractère « {character} ».',
    'username.control_character': 'L’identifiant ne peut contenir ni tabulation ni retour à la ligne.',
    'username.trailing_space': 'L’identifiant ne peut pas se terminer par une espace.',
    'password.too_short': 'Le mot de passe doit contenir au moins {minimum} caractères.',
    'password.too_long': 'Le mot de passe ne peut pas dépasser {maximum} caractères.',
    'password.too_common': 'Ce mot de passe fait partie des plus courants ; choisissez-en un autre.',
    'password.contains_username': 'Le mot de passe ne doit pas contenir l’identifiant du compte.',
    'password.predictable': 'Ce mot de passe est trop prévisible : il est fait surtout de caractères répétés ou de suites (1234, abcd, azerty).',
    'password.breached': 'Ce mot de passe figure dans des fuites de données connues ; choisissez-en un autre.',
    'name.control_character': 'Un nom tient sur une ligne : il ne peut contenir ni tabulation, ni retour à la ligne, ni autre caractère de contrôle.',
    'email.required': 'L’adresse e-mail est obligatoire pour ce compte.',
    'email.too_long': 'L’adresse e-mail ne peut pas dépasser {maximum} caractères.',
    'email.single_address': 'Indiquez une seule adresse e-mail, sans espace ni virgule.',
    'email.invalid': 'Cette adresse e-mail n’est pas valide.',
    'field.feed_owned': 'Ce champ est alimenté par le flux académique ({source}) : il se corrige dans la source, pas ici.',
    'externalId.feed_owned': 'Cet identifiant externe est celui d’un compte alimenté par le flux académique ({source}) : ce compte ne peut pas être importé.',
    'lifecycle.delay_invalid': 'Un délai est un nombre entier de jours, zéro ou plus.',
    'lifecycle.departure_in_future': 'La date de départ ne peut pas être dans le futur : enregistrez le départ le jour venu.',
    'lifecycle.exceeds_legal_limit':
      'Du départ à la suppression, les délais totalisent {total} jours : l’arrêté du 30 novembre 2006 (article 6) veut les données supprimées dans les trois mois, soit {maximum} jours au plus quel que soit le jour du départ.',
  },
  en: {
    'username.required': 'The username is required.',
    'username.too_long': 'The username cannot be longer than {maximum} characters.',
    'username.first_character': 'The username must start with a letter or a digit.',
    'username.forbidden_character': 'The username cannot contain the character “{character}”.',
    'username.control_character': 'The username cannot contain tabs or line breaks.',
    'username.trailing_space': 'The username cannot end with a space.',
    'password.too_short': 'The password must be at least {minimum} characters long.',
    'password.too_long': 'The password cannot be longer than {maximum} characters.',
    'password.too_common': 'This password is one of the most common ones; choose another.',
    'password.contains_username': 'The password must not contain the account’s username.',
    'password.predictable': 'This password is too predictable: it is mostly repeated characters or sequences (1234, abcd, qwerty).',
    'password.breached': 'This password appears in known data breaches; choose another.',
    'name.control_character': 'A name is one line: it cannot contain tabs, line breaks or other control characters.',
    'email.required': 'An email address is required for this account.',
    'email.too_long': 'The email address cannot be longer than {maximum} characters.',
    'email.single_address': 'Give a single email address, without spaces or commas.',
    'email.invalid': 'This email address is not valid.',
    'field.feed_owned': 'This field comes from the académie feed ({source}): correct it at the source, not here.',
    'externalId.feed_owned': 'This external ID belongs to an account the académie feed ({source}) keeps: it cannot be imported.',
    'lifecycle.delay_invalid': 'A delay is a whole number of days, zero or more.',
    'lifecycle.departure_in_future': 'The departure date cannot be in the future: record the departure when the day comes.',
    'lifecycle.exceeds_legal_limit':
      'From departure to deletion the delays add up to {total} days: the arrêté of 30 November 2006 (article 6) wants the data deleted within three months, that is {maximum} days at most whatever the day of departure.',
  },
} as const;

export type Locale = keyof typeof RULE_MESSAGES;
export type RuleCode = keyof (typeof RULE_MESSAGES)['fr'];

/** Replaces `{name}` placeholders with the parameters. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
