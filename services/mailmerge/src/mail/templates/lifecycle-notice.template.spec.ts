import { renderLifecycleNoticeMail } from './lifecycle-notice.template';

const base = { displayName: 'Léa Martin', username: 'lea.martin', on: new Date('2027-07-14T22:30:00Z') };

describe('a leaver’s notice', () => {
  it('announces the deactivation on its day (Paris time), in French, and says whom to contact', () => {
    const mail = renderLifecycleNoticeMail({ ...base, locale: 'fr', kind: 'deactivation' });
    expect(mail.subject).toBe('Votre compte Sesame sera désactivé le 15 juillet 2027');
    expect(mail.text).toContain('Bonjour Léa Martin,');
    expect(mail.text).toContain('(identifiant\u00a0: lea.martin) reste utilisable jusqu’au 15 juillet 2027\u00a0;');
    expect(mail.text).toContain('contacter son administrateur');
    expect(mail.html).toContain('<html lang="fr">');
  });

  it('announces the deletion with the legal reference, in English for locale en', () => {
    const mail = renderLifecycleNoticeMail({ ...base, locale: 'en', kind: 'deletion' });
    expect(mail.subject).toBe('The data of your Sesame account will be deleted on 15 July 2027');
    expect(mail.text).toContain('will be permanently deleted on 15 July 2027, as French rules for school digital workspaces require (arrêté of 30 November 2006, article 6).');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('escapes the name in the HTML', () => {
    const mail = renderLifecycleNoticeMail({ ...base, locale: 'fr', kind: 'deletion', displayName: '<b>Léa</b> & co' });
    expect(mail.html).toContain('Bonjour &lt;b&gt;Léa&lt;/b&gt; &amp; co,');
  });
});
