import { blockerSentence } from './undo-text';

const catalogue: Record<string, string> = {
  'sesame.undo.reasons.activated': 'son compte a été activé',
  'sesame.undo.reasons.distributed': 'son courrier a été distribué',
  'sesame.undo.reasons.edited': 'son compte a été modifié',
  'sesame.undo.and': ' et ',
};
const translate = (key: string, options: Record<string, unknown> = {}) =>
  key === 'sesame.undo.blocker' ? `${options.name} (${options.username}) : ${options.reasons} depuis ${options.operation}.` : catalogue[key];

describe('the blockers of an undo, in sentences', () => {
  it('says each reason, joined as a sentence joins them', () => {
    const blocker = { id: 'x', username: 'lea.martin', firstName: 'Léa', lastName: 'Martin', reasons: ['activated', 'distributed', 'edited'] as const };
    expect(blockerSentence({ ...blocker, reasons: [...blocker.reasons] }, 'l’import', translate)).toBe(
      'Léa Martin (lea.martin) : son compte a été activé, son courrier a été distribué et son compte a été modifié depuis l’import.',
    );
    expect(blockerSentence({ ...blocker, reasons: ['activated'] }, 'l’alimentation', translate)).toBe('Léa Martin (lea.martin) : son compte a été activé depuis l’alimentation.');
  });

  it('names an account without a name by its login', () => {
    expect(blockerSentence({ id: 'x', username: 'sans.nom', firstName: null, lastName: null, reasons: ['edited'] }, 'l’import', translate)).toBe(
      'sans.nom (sans.nom) : son compte a été modifié depuis l’import.',
    );
  });
});
