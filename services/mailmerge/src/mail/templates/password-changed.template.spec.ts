import { renderPasswordChangedMail } from './password-changed.template';

const base = { displayName: 'Karim Benali', username: 'k.benali', changedAt: new Date('2026-07-14T08:00:00Z') };

describe('password changed email', () => {
  it('tells, in French by default, when the password changed and whom to contact if it was not them', () => {
    const mail = renderPasswordChangedMail({ ...base, locale: 'fr' });
    expect(mail.subject).toBe('Votre mot de passe Sesame a été modifié');
    expect(mail.text).toContain('Bonjour Karim Benali,');
    expect(mail.text).toContain(
      'le mot de passe de votre compte Sesame (identifiant\u00a0: k.benali) a été modifié le mardi 14 juillet 2026 à 10 h 00 (heure de Paris).',
    );
    expect(mail.text).toContain("Si ce n’est pas le cas, veuillez contacter sans attendre l’administrateur de votre établissement");
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('l’administrateur de votre établissement');
    expect(mail.text).not.toContain('http');
  });

  it('is written in English for locale en', () => {
    const mail = renderPasswordChangedMail({ ...base, locale: 'en' });
    expect(mail.subject).toBe('Your Sesame password has been changed');
    expect(mail.text).toContain('was changed on Tuesday 14 July 2026 at 10:00 (Paris time).');
    expect(mail.text).toContain('please contact your school’s administrator at once');
    expect(mail.html).toContain('school’s administrator');
  });

  it('escapes the display name in the HTML', () => {
    const mail = renderPasswordChangedMail({ ...base, locale: 'fr', displayName: 'Ana <i>&</i> "Lu"' });
    expect(mail.html).toContain('Bonjour Ana &lt;i&gt;&amp;&lt;/i&gt; &quot;Lu&quot;,');
    expect(mail.html).toContain('<title>Votre mot de passe Sesame a été modifié</title>');
  });
});
