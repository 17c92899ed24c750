import type { Locale } from '@sesame/contracts';
import { renderCampaignEmail } from '../../emails/campaign-email.template';
import type { LetterRecipient } from '../../letters/letter-text.rules';
import type { RenderedMail } from './layout';
import { renderPasswordChangedMail } from './password-changed.template';
import { renderPasswordResetMail } from './password-reset.template';

const PUBLIC_URL = 'https://sesame.ac-test.fr';
/** Data without any quote or punctuation of its own: whatever the checks find comes from our copy. */
const recipient = (r: Partial<LetterRecipient> = {}): LetterRecipient => ({
  username: 'zoe.abadie',
  firstName: 'Zoé',
  lastName: 'Abadie',
  displayName: 'Zoé Abadie',
  schoolName: 'Collège Victor-Hugo',
  schoolUai: '0750001U',
  classes: ['6B'],
  children: [],
  activated: false,
  activationCode: 'pt6cpj7c',
  activationCodeExpiresAt: new Date('2026-03-31T10:00:00Z'),
  email: 'zoe@example.org',
  ...r,
});

/** Every email mailmerge sends, in one language: campaign emails (each variant, and the test), notifications. */
function everyEmail(locale: Locale): Array<[string, RenderedMail]> {
  const reminder = { activated: true, activationCode: null, activationCodeExpiresAt: null };
  return [
    ['campaign activation', renderCampaignEmail(recipient(), { locale, publicUrl: PUBLIC_URL })],
    ['campaign reminder', renderCampaignEmail(recipient(reminder), { locale, publicUrl: PUBLIC_URL })],
    ['campaign reminder without email', renderCampaignEmail(recipient({ ...reminder, email: null }), { locale, publicUrl: PUBLIC_URL })],
    ['campaign test', renderCampaignEmail(recipient({ children: [{ name: 'Hugo Abadie', classes: ['5A'] }] }), { locale, publicUrl: PUBLIC_URL, test: true })],
    ['password reset', renderPasswordResetMail({ locale, displayName: 'Zoé Abadie', username: 'zoe.abadie', publicUrl: PUBLIC_URL, token: 'abcdefghijklmnop', expiresAt: new Date('2025-12-01T17:35:00Z') })],
    ['password changed', renderPasswordChangedMail({ locale, displayName: 'Zoé Abadie', username: 'zoe.abadie', changedAt: new Date('2025-12-01T17:35:00Z') })],
  ];
}

/** The words of the HTML part: tags and their attributes left out. */
const htmlText = (html: string) => html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ' ');

describe.each(['fr', 'en'] as const)('the typography of every email in %s', (locale) => {
  it.each(everyEmail(locale))('%s: typographic apostrophes and quotes, never straight ones', (_, mail) => {
    for (const part of [mail.subject, mail.text, htmlText(mail.html)]) {
      expect(part).not.toMatch(/'|"|&#39;|&quot;/);
    }
    expect(`${mail.subject}\n${mail.text}`).toMatch(locale === 'fr' ? /’/ : /./);
  });
});

describe('French emails', () => {
  it.each(everyEmail('fr'))('%s: a no-break space before « : » and « ; », none left to break the line before them', (_, mail) => {
    for (const part of [mail.subject, mail.text, htmlText(mail.html)]) {
      // A plain space (or a line break) before a colon or semicolon; URLs (https://) have none.
      expect(part).not.toMatch(/[ \n][:;]/);
    }
  });

  it('writes « Mon compte » between French quotes with no-break spaces', () => {
    const mail = renderCampaignEmail(recipient({ activated: true, activationCode: null, activationCodeExpiresAt: null, email: null }), { locale: 'fr', publicUrl: PUBLIC_URL });
    expect(mail.text).toContain('«\u00a0Mon compte\u00a0»');
    expect(mail.text).toContain('L’équipe Sesame');
  });
});
