import { LetterRecipient, fullName, letterContent, variantOf } from './letter-text.rules';

const PUBLIC_URL = 'https://sesame.ac-test.fr';
const recipient = (r: Partial<LetterRecipient> = {}): LetterRecipient => ({
  username: 'léa.martin',
  firstName: 'Léa',
  lastName: 'Martin',
  displayName: 'Léa Martin',
  schoolName: 'Collège Victor-Hugo',
  schoolUai: '0750001U',
  classes: ['3A'],
  activated: false,
  activationCode: 'pt6cpj7c',
  activationCodeExpiresAt: new Date('2026-03-31T10:00:00Z'),
  email: null,
  ...r,
});
const all = (c: ReturnType<typeof letterContent>) =>
  [c.school, c.title, c.name, c.classLine, c.intro, ...c.fields.map((f) => `${f.label} ${f.value}`), c.link?.label, c.link?.url, ...c.steps, ...c.notes].join('\n');

describe('letterContent for an account not activated yet', () => {
  it('gives the school, the name, the class, the login, the code, its expiry and the activation address with the login', () => {
    const c = letterContent(recipient(), { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'page' });
    expect(c.variant).toBe('activation');
    expect(c.school).toBe('Collège Victor-Hugo (0750001U)');
    expect(c.name).toBe('Léa Martin');
    expect(c.classLine).toBe('Classe\u00a0: 3A');
    expect(c.fields).toEqual([
      { label: 'Identifiant\u00a0:', value: 'léa.martin', typed: true },
      { label: 'Code d’activation\u00a0:', value: 'pt6cpj7c', typed: true },
      { label: 'Code valable jusqu’au\u00a0:', value: '31 mars 2026', typed: false },
    ]);
    expect(c.link).toEqual({ label: 'Adresse d’activation\u00a0:', url: 'https://sesame.ac-test.fr/activate?login=l%C3%A9a.martin' });
    expect(c.steps).toHaveLength(4);
    expect(c.steps[0]).toContain('code QR');
  });

  it('writes in English when asked', () => {
    const c = letterContent(recipient({ classes: ['3A', '5B'] }), { locale: 'en', publicUrl: PUBLIC_URL, medium: 'page' });
    expect(c.title).toBe('Activating your Sesame account');
    expect(c.classLine).toBe('Classes: 3A, 5B');
    expect(c.fields.map((f) => f.label)).toEqual(['Username:', 'Activation code:', 'Code valid until:']);
    expect(c.fields[2].value).toBe('31 March 2026');
  });

  it('names a parent’s children and their classes instead of the classes, in one letter', () => {
    const parent = recipient({
      firstName: 'Anne',
      displayName: 'Anne Martin',
      classes: ['3A', '5B'],
      children: [
        { name: 'Léa Martin', classes: ['3A'] },
        { name: 'Hugo Martin', classes: ['5B'] },
      ],
    });
    expect(letterContent(parent, { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'page' }).classLine).toBe('Enfants : Léa Martin (3A), Hugo Martin (5B)');
    expect(letterContent(parent, { locale: 'en', publicUrl: PUBLIC_URL, medium: 'card' }).classLine).toBe('Children: Léa Martin (3A), Hugo Martin (5B)');
    const one = recipient({ classes: [], children: [{ name: 'Léa Martin', classes: [] }] });
    expect(letterContent(one, { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'page' }).classLine).toBe('Enfant : Léa Martin');
    expect(letterContent(recipient({ children: [] }), { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'page' }).classLine).toBe('Classe : 3A');
  });

  it('keeps cards short and emails free of QR codes', () => {
    const card = letterContent(recipient(), { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'card' });
    expect(card.steps).toHaveLength(3);
    expect(Math.max(...card.steps.map((s) => s.length))).toBeLessThanOrEqual(60);
    const email = letterContent(recipient(), { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'email' });
    expect(all(email)).not.toMatch(/QR/);
  });
});

describe('letterContent for an activated account', () => {
  it('tells how to get a new password by email when one is on file, without printing the address', () => {
    const c = letterContent(recipient({ activated: true, activationCode: null, email: 'lea@example.org' }), { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'page' });
    expect(c.variant).toBe('reminder');
    expect(c.fields).toEqual([{ label: 'Identifiant\u00a0:', value: 'léa.martin', typed: true }]);
    expect(c.link?.url).toBe('https://sesame.ac-test.fr/password/forgot');
    expect(all(c)).toContain('adresse électronique enregistrée dans votre compte');
    expect(all(c)).not.toContain('lea@example.org');
    expect(all(c)).not.toContain('Code d’activation');
  });

  it('sends to the school’s administrator when no email is on file', () => {
    const c = letterContent(recipient({ activated: true, activationCode: null }), { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'card' });
    expect(c.link).toBeNull();
    expect(c.steps[0]).toBe(
      'Aucune adresse électronique n’est enregistrée dans votre compte\u00a0: pour obtenir un nouveau mot de passe, adressez-vous à l’administrateur de votre établissement.',
    );
  });
});

describe('sentences', () => {
  it.each(['fr', 'en'] as const)('are complete in %s: a capital first, a full stop (or a colon before a list) last', (locale) => {
    for (const medium of ['page', 'card', 'email'] as const) {
      for (const r of [recipient(), recipient({ activated: true, email: 'a@b.fr' }), recipient({ activated: true })]) {
        const c = letterContent(r, { locale, publicUrl: PUBLIC_URL, medium });
        for (const sentence of [c.intro, ...c.steps, ...c.notes]) expect(sentence).toMatch(/^[A-ZÀ-Ý].*[.]$/su);
      }
    }
  });

  it('use typographic apostrophes in French', () => {
    const c = letterContent(recipient(), { locale: 'fr', publicUrl: PUBLIC_URL, medium: 'page' });
    expect(all(c)).not.toContain("'");
  });
});

describe('names and variants', () => {
  it('prints the first and last names, else the display name', () => {
    expect(fullName({ firstName: 'Léa', lastName: 'Martin', displayName: 'x' })).toBe('Léa Martin');
    expect(fullName({ firstName: null, lastName: null, displayName: 'direction.hugo' })).toBe('direction.hugo');
    expect(variantOf({ activated: true })).toBe('reminder');
  });
});
