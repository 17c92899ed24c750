import type { Locale } from '@sesame/contracts';

/**
 * No-break space: French puts one before « : » and « ; » (and inside « »), so that a line never
 * starts with the punctuation. Every French sentence of an email uses it and the typographic ’.
 */
export const NB = '\u00a0';

/** How every Sesame email ends. */
export const SIGNATURE: Record<Locale, { closing: string[]; footer: string }> = {
  fr: {
    closing: ['Cordialement,', 'L’équipe Sesame'],
    footer: `Ce message vous a été envoyé automatiquement${NB}; merci de ne pas y répondre.`,
  },
  en: {
    closing: ['Kind regards,', 'The Sesame team'],
    footer: 'This message was sent automatically; please do not reply to it.',
  },
};
