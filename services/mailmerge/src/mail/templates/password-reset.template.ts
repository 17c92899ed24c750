import type { Locale } from '@sesame/contracts';
import { formatParisDateTime, passwordResetLink } from './format.rules';
import { Block, RenderedMail, renderMail } from './layout';
import { NB, SIGNATURE } from './signature';

export interface PasswordResetMail {
  locale: Locale;
  displayName: string;
  username: string;
  /** PUBLIC_URL: the link points to its /password/reset page. */
  publicUrl: string;
  /** Single-use secret; only ever written into the link. */
  token: string;
  expiresAt: Date;
}

const COPY: Record<Locale, (m: PasswordResetMail, link: string, until: string) => { subject: string; greeting: string; blocks: Block[] }> = {
  fr: (m, link, until) => ({
    subject: 'Réinitialisation de votre mot de passe Sesame',
    greeting: `Bonjour ${m.displayName},`,
    blocks: [
      `Nous avons bien reçu une demande de réinitialisation du mot de passe de votre compte Sesame (identifiant${NB}: ${m.username}).`,
      `Pour choisir un nouveau mot de passe, veuillez ouvrir le lien ci-dessous${NB}:`,
      { link, label: 'Choisir un nouveau mot de passe' },
      `Ce lien est personnel et ne peut être utilisé qu’une seule fois. Il est valable jusqu’au ${until} (heure de Paris). ` +
        'Passé ce délai, vous pourrez faire une nouvelle demande depuis la page de connexion.',
      `Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message${NB}: votre mot de passe actuel reste inchangé. ` +
        'Si vous recevez ce message à plusieurs reprises sans l’avoir demandé, veuillez le signaler à l’administrateur de votre établissement.',
    ],
  }),
  en: (m, link, until) => ({
    subject: 'Resetting your Sesame password',
    greeting: `Hello ${m.displayName},`,
    blocks: [
      `We have received a request to reset the password of your Sesame account (username: ${m.username}).`,
      'To choose a new password, please open the link below:',
      { link, label: 'Choose a new password' },
      `This link is personal and can be used only once. It is valid until ${until} (Paris time). ` +
        'After that, you can make a new request from the sign-in page.',
      'If you did not make this request, you can ignore this message: your current password remains unchanged. ' +
        'If you receive this message repeatedly without having asked for it, please tell your school’s administrator.',
    ],
  }),
};

/** The email with the single-use link a user asked for on the "forgotten password" page (SPEC §3). */
export function renderPasswordResetMail(mail: PasswordResetMail): RenderedMail {
  const copy = COPY[mail.locale](mail, passwordResetLink(mail.publicUrl, mail.token), formatParisDateTime(mail.expiresAt, mail.locale));
  return renderMail({ locale: mail.locale, ...copy, ...SIGNATURE[mail.locale] });
}
