import type { Locale } from '@sesame/contracts';
import { formatParisDate } from './format.rules';
import { Block, RenderedMail, renderMail } from './layout';
import { NB, SIGNATURE } from './signature';

export interface LifecycleNoticeMail {
  locale: Locale;
  displayName: string;
  username: string;
  /** The step announced: the account can no longer be used, or its data is deleted. */
  kind: 'deactivation' | 'deletion';
  on: Date;
}

type Copy = { subject: string; greeting: string; blocks: Block[] };

const COPY: Record<Locale, Record<LifecycleNoticeMail['kind'], (m: LifecycleNoticeMail, on: string) => Copy>> = {
  fr: {
    deactivation: (m, on) => ({
      subject: `Votre compte Sesame sera désactivé le ${on}`,
      greeting: `Bonjour ${m.displayName},`,
      blocks: [
        `Votre établissement a enregistré votre départ. Votre compte Sesame (identifiant${NB}: ${m.username}) reste utilisable jusqu’au ${on}${NB}; à cette date, il sera désactivé et vous ne pourrez plus vous connecter.`,
        'Pensez à récupérer d’ici là les documents et les messages que vous souhaitez conserver.',
        `S’il s’agit d’une erreur, ou si vous revenez dans l’établissement, veuillez contacter son administrateur${NB}: il pourra annuler le départ.`,
      ],
    }),
    deletion: (m, on) => ({
      subject: `Les données de votre compte Sesame seront supprimées le ${on}`,
      greeting: `Bonjour ${m.displayName},`,
      blocks: [
        `À la suite de votre départ, les données de votre compte Sesame (identifiant${NB}: ${m.username}) seront définitivement supprimées le ${on}, comme le prévoit la réglementation des espaces numériques de travail (arrêté du 30 novembre 2006, article 6).`,
        `Si vous revenez dans l’établissement avant cette date, veuillez contacter son administrateur${NB}: votre compte pourra être rétabli avec le même identifiant.`,
      ],
    }),
  },
  en: {
    deactivation: (m, on) => ({
      subject: `Your Sesame account will be deactivated on ${on}`,
      greeting: `Hello ${m.displayName},`,
      blocks: [
        `Your school has recorded your departure. Your Sesame account (username: ${m.username}) can be used until ${on}; on that day it will be deactivated and you will no longer be able to sign in.`,
        'Please save before then the documents and messages you wish to keep.',
        'If this is a mistake, or if you come back to the school, please contact its administrator: they can cancel the departure.',
      ],
    }),
    deletion: (m, on) => ({
      subject: `The data of your Sesame account will be deleted on ${on}`,
      greeting: `Hello ${m.displayName},`,
      blocks: [
        `Following your departure, the data of your Sesame account (username: ${m.username}) will be permanently deleted on ${on}, as French rules for school digital workspaces require (arrêté of 30 November 2006, article 6).`,
        'If you come back to the school before that day, please contact its administrator: your account can be restored with the same username.',
      ],
    }),
  },
};

/** The leaver's notices of the lifecycle calendar (issue 16), in the account's language. */
export function renderLifecycleNoticeMail(mail: LifecycleNoticeMail): RenderedMail {
  const copy = COPY[mail.locale][mail.kind](mail, formatParisDate(mail.on, mail.locale));
  return renderMail({ locale: mail.locale, ...copy, ...SIGNATURE[mail.locale] });
}
