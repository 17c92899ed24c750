import { PROFILES, type Profile } from './accounts.schema';
import { PROFILE_ORDER, byProfileOrder, profileRank } from './profile-order';

const FRENCH: Record<Profile, string> = { student: 'Élève', relative: 'Parent', teacher: 'Enseignant', personnel: 'Personnel', guest: 'Invité' };

describe('PROFILE_ORDER', () => {
  it('holds every profile once', () => {
    expect([...PROFILE_ORDER].sort()).toEqual([...PROFILES].sort());
  });

  it('follows the French labels in French alphabetical order, not the English codes', () => {
    const byLabel = [...PROFILES].sort((a, b) => FRENCH[a].localeCompare(FRENCH[b], 'fr'));
    expect(PROFILE_ORDER).toEqual(byLabel);
    expect(PROFILE_ORDER.map((p) => FRENCH[p])).toEqual(['Élève', 'Enseignant', 'Invité', 'Parent', 'Personnel']);
  });

  it('puts accounts without a profile (staff) after every profile', () => {
    expect(profileRank('student')).toBe(1);
    expect(profileRank('personnel')).toBe(5);
    expect(profileRank(null)).toBe(6);
    expect(['personnel', null, 'guest', 'student', 'relative', 'teacher'].sort(byProfileOrder as (a: unknown, b: unknown) => number)).toEqual([
      'student',
      'teacher',
      'guest',
      'relative',
      'personnel',
      null,
    ]);
  });
});
