import { escapeHtml, formatParisDate, formatParisDateTime, passwordResetLink } from './format.rules';

describe('escapeHtml', () => {
  it('shows every character a name may hold instead of interpreting it', () => {
    expect(escapeHtml(`Zoé <script>alert("x")</script> & l'équipe`)).toBe(
      'Zoé &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; l&#39;équipe',
    );
  });

  it('escapes an ampersand once, not the entities it produces', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('formatParisDateTime', () => {
  it('writes a French date as a letter would, in Paris time (winter: UTC+1)', () => {
    expect(formatParisDateTime(new Date('2025-12-01T17:05:00Z'), 'fr')).toBe('lundi 1er décembre 2025 à 18 h 05');
    expect(formatParisDateTime(new Date('2025-12-02T07:30:00Z'), 'fr')).toBe('mardi 2 décembre 2025 à 08 h 30');
  });

  it('follows summer time (UTC+2) and the day change at midnight', () => {
    expect(formatParisDateTime(new Date('2026-06-30T22:15:00Z'), 'fr')).toBe('mercredi 1er juillet 2026 à 00 h 15');
  });

  it('writes English dates in Paris time too', () => {
    expect(formatParisDateTime(new Date('2025-12-01T17:05:00Z'), 'en')).toBe('Monday 1 December 2025 at 18:05');
  });
});

describe('passwordResetLink', () => {
  it('puts the token, URL-encoded, on the reset page of PUBLIC_URL', () => {
    expect(passwordResetLink('https://sesame.ac-paris.fr', 'a+b/c=d&e f')).toBe(
      'https://sesame.ac-paris.fr/password/reset?token=a%2Bb%2Fc%3Dd%26e%20f',
    );
  });

  it('keeps a path prefix and ignores a trailing slash', () => {
    expect(passwordResetLink('https://ent.ac-lyon.fr/sesame/', 'tok')).toBe('https://ent.ac-lyon.fr/sesame/password/reset?token=tok');
  });
});

describe('formatParisDate', () => {
  it('writes the day of the Paris calendar, with "1er" in French', () => {
    expect(formatParisDate(new Date('2025-12-31T23:30:00Z'), 'fr')).toBe('1er janvier 2026');
    expect(formatParisDate(new Date('2025-12-31T10:00:00Z'), 'fr')).toBe('31 décembre 2025');
    expect(formatParisDate(new Date('2025-12-31T10:00:00Z'), 'en')).toBe('31 December 2025');
  });
});
