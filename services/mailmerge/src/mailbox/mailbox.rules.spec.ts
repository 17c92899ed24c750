import { domainOf, headerSafeName, parseMailbox, singleAddress } from './mailbox.rules';

describe('singleAddress', () => {
  it('accepts one address, lower-casing its domain', () => {
    expect(singleAddress(' Jeanne.Dupont@AC-Paris.fr ')).toBe('Jeanne.Dupont@ac-paris.fr');
  });

  it.each([
    'a@x.org, b@y.org',
    'a@x.org;b@y.org',
    'a@x.org\r\nBcc: thief@y.org',
    'a@x.org\nBcc: thief@y.org',
    'Jeanne <a@x.org>',
    '"a@x.org" <b@y.org>',
    'a@x.org (comment)',
    'not an address',
    '',
  ])('refuses %j, which nodemailer could read as several recipients or headers', (raw) => {
    expect(singleAddress(raw)).toBeNull();
  });
});

describe('headerSafeName', () => {
  it('turns line breaks and other control characters into spaces', () => {
    expect(headerSafeName('Jeanne\r\nBcc: thief@y.org\u0000')).toBe('Jeanne Bcc: thief@y.org');
  });
});

describe('parseMailbox', () => {
  it('reads "Name <address>", quoted or not, and a bare address', () => {
    expect(parseMailbox('Sesame <ne-pas-repondre@sesame.local>')).toEqual({ name: 'Sesame', address: 'ne-pas-repondre@sesame.local' });
    expect(parseMailbox('"Rectorat de Paris" <sesame@ac-paris.fr>')).toEqual({ name: 'Rectorat de Paris', address: 'sesame@ac-paris.fr' });
    expect(parseMailbox('sesame@ac-paris.fr')).toEqual({ name: '', address: 'sesame@ac-paris.fr' });
  });

  it.each(['Sesame <a@x.org>, b@y.org', 'a@x.org, b@y.org', 'Sesame <>', 'Sesame <a@x.org> <b@y.org>', ''])('refuses %j', (value) => {
    expect(parseMailbox(value)).toBeNull();
  });
});

describe('domainOf', () => {
  it('gives the part after the last @', () => {
    expect(domainOf('ne-pas-repondre@ac-paris.fr')).toBe('ac-paris.fr');
  });
});
