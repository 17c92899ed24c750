import type { Locale } from '@sesame/contracts';
import { formatParisDateTime } from './format.rules';
import { Block, RenderedMail, renderMail } from './layout';
import { NB, SIGNATURE } from './signature';

export interface PasswordChangedMail {
  locale: Locale;
  displayName: string;
  username: string;
  changedAt: Date;
}

const COPY: Record<Locale, (m: PasswordChangedMail, at: string) => { subject: string; greeting: string; blocks: Block[] }> = {
  fr: (m, at) => ({
    subject: 'Votre mot de passe Sesame a été modifié',
    greeting: `Bonjour ${m.displayName},`,
    blocks: [
      `Nous vous informons que le mot de passe de votre compte Sesame (identifiant${NB}: ${m.username}) a été modifié le ${at} (heure de Paris).`,
      'Si vous êtes à l’origine de cette modification, vous n’avez rien à faire.',
      `Si ce n’est pas le cas, veuillez contacter sans attendre l’administrateur de votre établissement${NB}: ` +
        'il pourra protéger votre compte et vous attribuer un nouveau mot de passe.',
    ],
  }),
  en: (m, at) => ({
    subject: 'Your Sesame password has been changed',
    greeting: `Hello ${m.displayName},`,
    blocks: [
      `This is to let you know that the password of your Sesame account (username: ${m.username}) was changed on ${at} (Paris time).`,
      'If you made this change, there is nothing more to do.',
      'If you did not, please contact your school’s administrator at once: they can secure your account and give you a new password.',
    ],
  }),
};

/** Tells users their password changed, so that a change they did not make does not go unnoticed (SPEC §3). */
export function renderPasswordChangedMail(mail: PasswordChangedMail): RenderedMail {
  const copy = COPY[mail.locale](mail, formatParisDateTime(mail.changedAt, mail.locale));
  return renderMail({ locale: mail.locale, ...copy, ...SIGNATURE[mail.locale] });
}
