import type { Locale } from '@sesame/contracts';
import { LetterRecipient, letterContent } from '../letters/letter-text.rules';
import { Block, RenderedMail, renderMail } from '../mail/templates/layout';
import { NB, SIGNATURE } from '../mail/templates/signature';

const COPY: Record<Locale, { subject: Record<'activation' | 'reminder', string>; button: Record<'activation' | 'reminder', string>; hello: (name: string) => string }> = {
  fr: {
    subject: { activation: 'Activez votre compte Sesame', reminder: `Votre compte Sesame${NB}: que faire si vous oubliez votre mot de passe` },
    button: { activation: 'Activer mon compte', reminder: 'Choisir un nouveau mot de passe' },
    hello: (name) => `Bonjour ${name},`,
  },
  en: {
    subject: { activation: 'Activate your Sesame account', reminder: 'Your Sesame account: what to do if you forget your password' },
    button: { activation: 'Activate my account', reminder: 'Choose a new password' },
    hello: (name) => `Hello ${name},`,
  },
};

/**
 * A campaign's email to one account: the same two variants as the letters (activation, or how to
 * get a new password), with the same sentences, as text and HTML. A test email says what it is.
 */
export function renderCampaignEmail(recipient: LetterRecipient, options: { locale: Locale; publicUrl: string; test?: boolean }): RenderedMail {
  const content = letterContent(recipient, { locale: options.locale, publicUrl: options.publicUrl, medium: 'email' });
  const copy = COPY[options.locale];
  const steps = content.numbered ? content.steps.map((step, i) => `${i + 1}. ${step}`) : content.steps;
  const blocks: Block[] = [
    ...(options.test
      ? [
          options.locale === 'fr'
            ? `Ceci est un essai${NB}: voici le message que recevra le premier destinataire de votre sélection.`
            : 'This is a test: here is the message the first recipient of your selection will receive.',
        ]
      : []),
    content.intro,
    ...[content.school, content.classLine].filter((line): line is string => line !== null),
    ...content.fields.map((field) => `${field.label} ${field.value}`),
    ...(content.link ? [content.link.label, { link: content.link.url, label: copy.button[content.variant] }] : []),
    ...steps,
    ...content.notes,
  ];
  const prefix = options.test ? (options.locale === 'fr' ? '[Essai] ' : '[Test] ') : '';
  return renderMail({
    locale: options.locale,
    subject: `${prefix}${copy.subject[content.variant]}`,
    greeting: copy.hello(recipient.displayName),
    blocks,
    ...SIGNATURE[options.locale],
  });
}
