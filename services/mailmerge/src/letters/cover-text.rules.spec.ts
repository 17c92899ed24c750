import { coverContent } from './cover-text.rules';

const group = { schoolName: 'Collège Victor-Hugo', schoolUai: '0750001U', className: '3A', letters: 12, sheets: 2 };
const options = { locale: 'fr' as const, layout: 8 as const, launchedAt: new Date('2025-09-01T08:00:00Z'), launchedBy: 'direction.hugo' };

describe('coverContent', () => {
  it('names the school and the class, counts letters and sheets, and says how to cut', () => {
    const c = coverContent(group, options);
    expect(c.school).toBe('Collège Victor-Hugo (0750001U)');
    expect(c.title).toBe('Courriers de la classe 3A');
    expect(c.lines).toEqual([
      'Cette liasse contient 12 courriers, imprimés sur 2 feuilles.',
      'Découpez chaque feuille en suivant les traits de coupe, puis remettez à chaque personne le courrier qui porte son nom.',
      'Les codes d’activation sont personnels\u00a0: ne laissez pas ces courriers sans surveillance.',
      'Campagne lancée le 1er septembre 2025 par direction.hugo.',
    ]);
  });

  it('agrees in number and leaves out cutting for one letter per sheet', () => {
    const c = coverContent({ ...group, className: null, letters: 1, sheets: 1 }, { ...options, layout: 1 });
    expect(c.title).toBe('Courriers des comptes sans classe');
    expect(c.lines[0]).toBe('Cette liasse contient 1 courrier, imprimé sur 1 feuille.');
    expect(c.lines[1]).not.toContain('Découpez');
  });

  it('writes in English', () => {
    const c = coverContent({ ...group, letters: 1, sheets: 1 }, { ...options, locale: 'en' });
    expect(c.title).toBe('Letters for class 3A');
    expect(c.lines[0]).toBe('This bundle holds 1 letter, printed on 1 sheet.');
  });
});
