import { fittingSize, wrapText } from './line-wrap.rules';

// One unit per character: easy to reason about.
const measure = (s: string) => s.length;

describe('wrapText', () => {
  it('fills each line with as many words as fit', () => {
    expect(wrapText('Ouvrez le lien ci-dessus dans un navigateur.', 16, measure)).toEqual(['Ouvrez le lien', 'ci-dessus dans', 'un navigateur.']);
  });

  it('never breaks at a no-break space', () => {
    expect(wrapText('Identifiant\u00a0: jean', 14, measure)).toEqual(['Identifiant\u00a0:', 'jean']);
  });

  it('cuts a word longer than the line without losing a character', () => {
    const url = 'https://sesame.ac-test.fr/activate?login=jean.dupont';
    const lines = wrapText(`Adresse ${url}`, 20, measure);
    expect(lines.every((l) => l.length <= 20)).toBe(true);
    expect(lines.join('')).toBe(`Adresse${url}`);
    expect(lines[0]).toBe('Adresse');
  });

  it('gives nothing for nothing', () => {
    expect(wrapText('', 10, measure)).toEqual([]);
  });
});

describe('fittingSize', () => {
  const widthAt = (s: string, size: number) => (s.length * size) / 2;
  it('keeps the size when the text fits, shrinks it when it does not, and gives up below the minimum', () => {
    expect(fittingSize('abcd', 100, 16, 10, widthAt)).toBe(16);
    expect(fittingSize('a'.repeat(20), 100, 16, 8, widthAt)).toBe(10);
    expect(fittingSize('a'.repeat(64), 100, 16, 8, widthAt)).toBeNull();
  });
});
