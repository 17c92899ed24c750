import type { Locale } from '@sesame/contracts';

/** How every Sesame email ends. */
export const SIGNATURE: Record<Locale, { closing: string[]; footer: string }> = {
  fr: {
    closing: ['Cordialement,', "L'équipe Sesame"],
    footer: 'Ce message vous a été envoyé automatiquement ; merci de ne pas y répondre.',
  },
  en: {
    closing: ['Kind regards,', 'The Sesame team'],
    footer: 'This message was sent automatically; please do not reply to it.',
  },
};
