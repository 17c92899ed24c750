import type { LetterRecipient } from '../letters/letter-text.rules';
import { renderCampaignEmail } from './campaign-email.template';

const PUBLIC_URL = 'https://sesame.ac-test.fr';
const recipient = (r: Partial<LetterRecipient> = {}): LetterRecipient => ({
  username: 'zoé.abadie',
  firstName: 'Zoé',
  lastName: 'Abadie',
  displayName: 'Zoé Abadie',
  schoolName: 'Collège Victor-Hugo',
  schoolUai: '0750001U',
  classes: ['6B'],
  activated: false,
  activationCode: 'pt6cpj7c',
  activationCodeExpiresAt: new Date('2026-03-31T10:00:00Z'),
  email: 'zoe@example.org',
  ...r,
});

describe('renderCampaignEmail', () => {
  it('gives an account not activated its login, code, expiry and activation link, in text and HTML', () => {
    const mail = renderCampaignEmail(recipient(), { locale: 'fr', publicUrl: PUBLIC_URL });
    expect(mail.subject).toBe('Activez votre compte Sesame');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Bonjour Zoé Abadie,');
      expect(part).toContain('zoé.abadie');
      expect(part).toContain('pt6cpj7c');
      expect(part).toContain('31 mars 2026');
      expect(part).toContain('https://sesame.ac-test.fr/activate?login=zo%C3%A9.abadie');
    }
    expect(mail.text).toContain('1. Ouvrez le lien ci-dessus dans un navigateur.');
    expect(mail.html).toContain('>Activer mon compte</a>');
  });

  it('tells an activated account how to choose a new password, without a code', () => {
    const mail = renderCampaignEmail(recipient({ activated: true, activationCode: null }), { locale: 'en', publicUrl: PUBLIC_URL });
    expect(mail.subject).toBe('Your Sesame account: what to do if you forget your password');
    expect(mail.text).toContain('https://sesame.ac-test.fr/password/forgot');
    expect(mail.text).not.toContain('pt6cpj7c');
    expect(mail.text).not.toMatch(/QR/);
  });

  it('marks a test as such', () => {
    const mail = renderCampaignEmail(recipient(), { locale: 'fr', publicUrl: PUBLIC_URL, test: true });
    expect(mail.subject).toBe('[Essai] Activez votre compte Sesame');
    expect(mail.text).toContain('Ceci est un essai');
  });

  it('shows names as text in HTML, never as markup', () => {
    const mail = renderCampaignEmail(recipient({ displayName: '<b>Zoé</b> & Cie' }), { locale: 'fr', publicUrl: PUBLIC_URL });
    expect(mail.html).toContain('Bonjour &lt;b&gt;Zoé&lt;/b&gt; &amp; Cie,');
  });
});
