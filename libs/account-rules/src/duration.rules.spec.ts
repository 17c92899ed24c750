import { humanDuration } from './duration.rules';

describe('humanDuration', () => {
  it('says a login block in minutes, in French and in English', () => {
    expect(humanDuration(900, 'fr')).toBe('15 minutes');
    expect(humanDuration(900, 'en')).toBe('15 minutes');
    expect(humanDuration(60, 'fr')).toBe('1 minute');
  });

  it('rounds up to the minute, never telling anyone to come back too early', () => {
    expect(humanDuration(899, 'fr')).toBe('15 minutes');
    expect(humanDuration(61, 'fr')).toBe('2 minutes');
    expect(humanDuration(3599, 'fr')).toBe('1 heure');
    // A per-login block seen a few seconds in: « réessayez dans 1 heure », never « dans 3587 secondes ».
    expect(humanDuration(3587, 'fr')).toBe('1 heure');
    expect(humanDuration(3587, 'en')).toBe('1 hour');
  });

  it('says seconds under a minute, and hours with their minutes', () => {
    expect(humanDuration(1, 'fr')).toBe('1 seconde');
    expect(humanDuration(45, 'fr')).toBe('45 secondes');
    expect(humanDuration(45, 'en')).toBe('45 seconds');
    expect(humanDuration(3600, 'fr')).toBe('1 heure');
    expect(humanDuration(5400, 'fr')).toBe('1 heure et 30 minutes');
    expect(humanDuration(7260, 'en')).toBe('2 hours and 1 minute');
  });
});
