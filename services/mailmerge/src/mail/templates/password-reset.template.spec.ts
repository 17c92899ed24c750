import { renderPasswordResetMail } from './password-reset.template';

const base = {
  displayName: 'Jeanne Dupont',
  username: 'j.dupont',
  publicUrl: 'https://sesame.ac-paris.fr',
  token: 'Zm9v+YmFy/YmF6=',
  expiresAt: new Date('2025-12-01T17:35:00Z'),
};
const link = 'https://sesame.ac-paris.fr/password/reset?token=Zm9v%2BYmFy%2FYmF6%3D';

describe('password reset email', () => {
  it('is written in French by default: greeting, link, expiry in Paris time, what to do if unasked', () => {
    const mail = renderPasswordResetMail({ ...base, locale: 'fr' });
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe Sesame');
    expect(mail.text).toBe(
      [
        'Bonjour Jeanne Dupont,',
        'Nous avons bien reçu une demande de réinitialisation du mot de passe de votre compte Sesame (identifiant\u00a0: j.dupont).',
        'Pour choisir un nouveau mot de passe, veuillez ouvrir le lien ci-dessous\u00a0:',
        link,
        "Ce lien est personnel et ne peut être utilisé qu’une seule fois. Il est valable jusqu’au lundi 1er décembre 2025 à 18 h 35 (heure de Paris). " +
          'Passé ce délai, vous pourrez faire une nouvelle demande depuis la page de connexion.',
        "Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message\u00a0: votre mot de passe actuel reste inchangé. " +
          "Si vous recevez ce message à plusieurs reprises sans l’avoir demandé, veuillez le signaler à l’administrateur de votre établissement.",
        "Cordialement,\nL’équipe Sesame",
        '-- \nCe message vous a été envoyé automatiquement\u00a0; merci de ne pas y répondre.',
      ].join('\n\n') + '\n',
    );
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(mail.html).toContain('>Choisir un nouveau mot de passe</a>');
    expect(mail.html).toContain('lundi 1er décembre 2025 à 18 h 35 (heure de Paris)');
  });

  it('is written in English for locale en', () => {
    const mail = renderPasswordResetMail({ ...base, locale: 'en' });
    expect(mail.subject).toBe('Resetting your Sesame password');
    expect(mail.text).toContain('Hello Jeanne Dupont,');
    expect(mail.text).toContain(`\n\n${link}\n\n`);
    expect(mail.text).toContain('It is valid until Monday 1 December 2025 at 18:35 (Paris time).');
    expect(mail.text).toContain('If you did not make this request, you can ignore this message');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('>Choose a new password</a>');
  });

  it('escapes names in the HTML, and only there', () => {
    const mail = renderPasswordResetMail({ ...base, locale: 'fr', displayName: `<img src=x onerror="alert(1)"> O'Brien & Cie`, username: 'a<b' });
    expect(mail.text).toContain(`Bonjour <img src=x onerror="alert(1)"> O'Brien & Cie,`);
    expect(mail.html).toContain('Bonjour &lt;img src=x onerror=&quot;alert(1)&quot;&gt; O&#39;Brien &amp; Cie,');
    expect(mail.html).toContain('(identifiant\u00a0: a&lt;b)');
    expect(mail.html).not.toMatch(/<img|onerror="/);
  });

  it('cannot be broken out of by a token: it is encoded in the link', () => {
    const mail = renderPasswordResetMail({ ...base, locale: 'fr', token: '"><script>&x=1' });
    expect(mail.html).toContain('href="https://sesame.ac-paris.fr/password/reset?token=%22%3E%3Cscript%3E%26x%3D1"');
    expect(mail.html).not.toContain('<script>');
  });
});
