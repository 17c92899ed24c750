import { Locale, publicLink } from '@sesame/contracts';
import type { RecipientRow } from '../database/schema';
import { formatParisDate } from '../mail/templates/format.rules';

/** What a letter or an email says about one account: the frozen copy of a campaign recipient. */
export interface LetterRecipient {
  username: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  schoolName: string | null;
  schoolUai: string | null;
  classes: readonly string[];
  /** A relative's children, each with its classes: the letter names them instead of the classes. */
  children?: ReadonlyArray<{ name: string; classes: readonly string[] }>;
  activated: boolean;
  activationCode: string | null;
  activationCodeExpiresAt: Date | null;
  email: string | null;
}

/** A campaign's recipient row as its letter or email shows it. */
export function letterRecipientOf(row: RecipientRow): LetterRecipient {
  return {
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    schoolName: row.school_name,
    schoolUai: row.school_uai,
    classes: row.classes,
    children: row.children ?? [],
    activated: row.activated,
    activationCode: row.activation_code,
    activationCodeExpiresAt: row.activation_code_expires_at,
    email: row.email,
  };
}

/** `activation`: the account is not activated yet; `reminder`: how to get a new password once it is. */
export type LetterVariant = 'activation' | 'reminder';

/**
 * `page`: a whole A4 letter; `card`: a half or an eighth of a sheet (fewer, shorter sentences, for
 * type large enough at an eighth); `email`: no QR code to scan, a link to follow.
 */
export type Medium = 'page' | 'card' | 'email';

export interface LetterField {
  /** With its colon: "Identifiant :", "Username:". */
  label: string;
  value: string;
  /** Typed by the user: printed in a monospaced face, where 0 and O, l and 1 differ. */
  typed: boolean;
}

export interface LetterContent {
  variant: LetterVariant;
  /** "Collège Victor-Hugo (0750001U)"; null when the account has no school. */
  school: string | null;
  title: string;
  /** First and last name, else the display name. */
  name: string;
  /** "Classe : 3A", "Classes : 3A, 5B"; a parent's "Enfants : Léa Martin (3A), Hugo Martin (5B)"; null without any. */
  classLine: string | null;
  intro: string;
  fields: LetterField[];
  /** The address to open (activation, forgotten password), also drawn as a QR code on paper. */
  link: { label: string; url: string } | null;
  /** What to do; numbered when they are steps (not for the reminder without email: what to do is ask). */
  steps: string[];
  numbered: boolean;
  notes: string[];
}

/** No-break space: "Identifiant : x" and « guillemets » never break at their spaces. */
const NB = '\u00a0';

export function variantOf(recipient: Pick<LetterRecipient, 'activated'>): LetterVariant {
  return recipient.activated ? 'reminder' : 'activation';
}

export function fullName(recipient: Pick<LetterRecipient, 'firstName' | 'lastName' | 'displayName'>): string {
  return [recipient.firstName, recipient.lastName].filter((part) => part && part.trim()).join(' ') || recipient.displayName;
}

function schoolLine(recipient: LetterRecipient): string | null {
  if (!recipient.schoolName) return null;
  return recipient.schoolUai ? `${recipient.schoolName} (${recipient.schoolUai})` : recipient.schoolName;
}

/**
 * The line under the name: a relative's children with their classes (one letter for a parent
 * whatever the number of children and classes: it says whom it is about), else the classes.
 */
function classLine(recipient: Pick<LetterRecipient, 'classes' | 'children'>, locale: Locale): string | null {
  const children = recipient.children ?? [];
  if (children.length > 0) {
    const label = locale === 'fr' ? (children.length > 1 ? 'Enfants' : 'Enfant') : children.length > 1 ? 'Children' : 'Child';
    const named = children.map((child) => (child.classes.length ? `${child.name}${NB}(${child.classes.join(', ')})` : child.name));
    return `${label}${locale === 'fr' ? NB : ''}: ${named.join(', ')}`;
  }
  const { classes } = recipient;
  if (classes.length === 0) return null;
  const label = locale === 'fr' ? (classes.length > 1 ? 'Classes' : 'Classe') : classes.length > 1 ? 'Classes' : 'Class';
  return `${label}${locale === 'fr' ? NB : ''}: ${classes.join(', ')}`;
}

const ACTIVATION: Record<Locale, (m: Medium) => Omit<LetterContent, 'variant' | 'school' | 'name' | 'classLine' | 'fields' | 'link' | 'numbered'> & { labels: [string, string, string, string] }> = {
  fr: (medium) => ({
    title: 'Activation de votre compte Sesame',
    intro:
      medium === 'card'
        ? 'Voici de quoi activer votre compte Sesame.'
        : 'Un compte Sesame a été créé pour vous. Voici les informations qui vous permettront de l’activer.',
    labels: ['Identifiant', 'Code d’activation', 'Code valable jusqu’au', medium === 'email' ? 'Pour activer votre compte, ouvrez ce lien' : 'Adresse d’activation'],
    steps:
      medium === 'card'
        ? [
            'Ouvrez l’adresse ci-dessus ou scannez le code QR.',
            'Saisissez votre identifiant et votre code d’activation.',
            'Choisissez un mot de passe d’au moins 12 caractères.',
          ]
        : [
            medium === 'email'
              ? 'Ouvrez le lien ci-dessus dans un navigateur.'
              : 'Ouvrez l’adresse d’activation dans un navigateur, ou scannez le code QR avec l’appareil photo d’un téléphone.',
            'Saisissez votre identifiant et votre code d’activation, tels qu’ils sont écrits ci-dessus.',
            'Choisissez un mot de passe d’au moins 12 caractères. Vous pouvez aussi indiquer une adresse électronique\u00a0: elle vous permettra de choisir un nouveau mot de passe si vous oubliez le vôtre.',
            'Connectez-vous ensuite à Sesame avec votre identifiant et ce mot de passe.',
          ],
    notes: [
      medium === 'card'
        ? 'Ce code est personnel\u00a0: ne le communiquez à personne.'
        : 'Ce code est personnel et ne sert qu’une fois\u00a0: ne le communiquez à personne. S’il a expiré, demandez-en un nouveau à l’administrateur de votre établissement.',
    ],
  }),
  en: (medium) => ({
    title: 'Activating your Sesame account',
    intro: medium === 'card' ? 'Here is what you need to activate your Sesame account.' : 'A Sesame account has been created for you. Here is what you need to activate it.',
    labels: ['Username', 'Activation code', 'Code valid until', medium === 'email' ? 'To activate your account, open this link' : 'Activation address'],
    steps:
      medium === 'card'
        ? ['Open the address above or scan the QR code.', 'Enter your username and your activation code.', 'Choose a password of at least 12 characters.']
        : [
            medium === 'email' ? 'Open the link above in a web browser.' : 'Open the activation address in a web browser, or scan the QR code with a phone camera.',
            'Enter your username and your activation code exactly as they are written above.',
            'Choose a password of at least 12 characters. You may also give an email address: it will let you choose a new password if you forget yours.',
            'Then sign in to Sesame with your username and this password.',
          ],
    notes: [
      medium === 'card'
        ? 'This code is personal: do not share it with anyone.'
        : 'This code is personal and works only once: do not share it with anyone. If it has expired, ask your school’s administrator for a new one.',
    ],
  }),
};

const REMINDER: Record<Locale, (m: Medium, withEmail: boolean) => Omit<LetterContent, 'variant' | 'school' | 'name' | 'classLine' | 'fields' | 'link' | 'numbered'> & { labels: [string, string] }> = {
  fr: (medium, withEmail) => ({
    title: 'Votre compte Sesame',
    intro:
      medium === 'card'
        ? 'Votre compte Sesame est déjà activé. Gardez ce rappel en cas d’oubli de votre mot de passe.'
        : 'Votre compte Sesame est déjà activé. Conservez ce rappel\u00a0: il vous explique comment choisir un nouveau mot de passe si vous oubliez le vôtre.',
    labels: ['Identifiant', medium === 'email' ? 'En cas d’oubli de votre mot de passe, ouvrez ce lien' : 'Mot de passe oublié'],
    steps: withEmail
      ? medium === 'card'
        ? [
            'Ouvrez l’adresse ci-dessus ou scannez le code QR.',
            'Saisissez votre identifiant\u00a0: un lien vous sera envoyé par courriel.',
            'Ouvrez ce lien et choisissez un nouveau mot de passe.',
          ]
        : [
            medium === 'email' ? 'Ouvrez le lien ci-dessus dans un navigateur.' : 'Ouvrez l’adresse ci-dessus dans un navigateur, ou scannez le code QR avec l’appareil photo d’un téléphone.',
            'Saisissez votre identifiant\u00a0: un lien pour choisir un nouveau mot de passe sera envoyé à l’adresse électronique enregistrée dans votre compte.',
            'Ouvrez ce lien dans les 30 minutes et choisissez un nouveau mot de passe d’au moins 12 caractères.',
          ]
      : [
          'Aucune adresse électronique n’est enregistrée dans votre compte\u00a0: pour obtenir un nouveau mot de passe, adressez-vous à l’administrateur de votre établissement.',
          ...(medium === 'card'
            ? []
            : ['Une fois connecté, vous pouvez ajouter une adresse électronique dans «' + NB + 'Mon compte' + NB + '»\u00a0: vous pourrez alors choisir vous-même un nouveau mot de passe si vous oubliez le vôtre.']),
        ],
    notes: withEmail && medium !== 'card' ? ['Si ce courriel ne vous parvient pas, vérifiez vos courriers indésirables ou adressez-vous à l’administrateur de votre établissement.'] : [],
  }),
  en: (medium, withEmail) => ({
    title: 'Your Sesame account',
    intro:
      medium === 'card'
        ? 'Your Sesame account is already activated. Keep this reminder in case you forget your password.'
        : 'Your Sesame account is already activated. Keep this reminder: it explains how to choose a new password if you forget yours.',
    labels: ['Username', medium === 'email' ? 'If you forget your password, open this link' : 'Forgotten password'],
    steps: withEmail
      ? medium === 'card'
        ? ['Open the address above or scan the QR code.', 'Enter your username: a link will be sent to you by email.', 'Open this link and choose a new password.']
        : [
            medium === 'email' ? 'Open the link above in a web browser.' : 'Open the address above in a web browser, or scan the QR code with a phone camera.',
            'Enter your username: a link to choose a new password will be sent to the email address recorded in your account.',
            'Open this link within 30 minutes and choose a new password of at least 12 characters.',
          ]
      : [
          'No email address is recorded in your account: to get a new password, ask your school’s administrator.',
          ...(medium === 'card' ? [] : ['Once signed in, you can add an email address in “My account”: you will then be able to choose a new password yourself if you forget yours.']),
        ],
    notes: withEmail && medium !== 'card' ? ['If this email does not reach you, check your spam folder or ask your school’s administrator.'] : [],
  }),
};

/** The text of the letter (or email) of one account, in the campaign's language. */
export function letterContent(recipient: LetterRecipient, options: { locale: Locale; publicUrl: string; medium: Medium }): LetterContent {
  const { locale, publicUrl, medium } = options;
  const colon = locale === 'fr' ? `${NB}:` : ':';
  const labelled = (label: string) => `${label}${colon}`;
  const base = {
    school: schoolLine(recipient),
    name: fullName(recipient),
    classLine: classLine(recipient, locale),
  };
  if (variantOf(recipient) === 'activation') {
    const { labels, ...copy } = ACTIVATION[locale](medium);
    const expiry = recipient.activationCodeExpiresAt ? formatParisDate(recipient.activationCodeExpiresAt, locale) : '';
    return {
      variant: 'activation',
      ...base,
      ...copy,
      numbered: true,
      fields: [
        { label: labelled(labels[0]), value: recipient.username, typed: true },
        { label: labelled(labels[1]), value: recipient.activationCode ?? '', typed: true },
        { label: labelled(labels[2]), value: expiry, typed: false },
      ],
      link: { label: `${labels[3]}${colon}`, url: publicLink(publicUrl, 'activate', { login: recipient.username }) },
    };
  }
  const withEmail = recipient.email !== null;
  const { labels, ...copy } = REMINDER[locale](medium, withEmail);
  return {
    variant: 'reminder',
    ...base,
    ...copy,
    numbered: withEmail,
    fields: [{ label: labelled(labels[0]), value: recipient.username, typed: true }],
    link: withEmail ? { label: `${labels[1]}${colon}`, url: publicLink(publicUrl, 'passwordForgot') } : null,
  };
}
