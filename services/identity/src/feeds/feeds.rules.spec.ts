import type { FeedPerson } from '@sesame/contracts';
import { heldWithoutReason, leaversPercent, mayHandleFeed, stagedPerson } from './feeds.rules';

describe('feeds rules', () => {
  const manager = { role: 'manager' as const, schoolIds: [] };
  const admin = { role: 'administrator' as const, schoolIds: ['s1'] };
  const supervisor = { role: 'supervisor' as const, schoolIds: ['s1'] };

  it('gives AAF to the manager only, a school export to the manager and that school’s administrators', () => {
    expect(mayHandleFeed(manager, { kind: 'aaf', schoolId: null })).toBe(true);
    expect(mayHandleFeed(admin, { kind: 'aaf', schoolId: null })).toBe(false);
    expect(mayHandleFeed(admin, { kind: 'school', schoolId: 's1' })).toBe(true);
    expect(mayHandleFeed(admin, { kind: 'school', schoolId: 's2' })).toBe(false);
    expect(mayHandleFeed(admin, { kind: 'school', schoolId: null })).toBe(false);
    expect(mayHandleFeed(supervisor, { kind: 'school', schoolId: 's1' })).toBe(false);
    expect(mayHandleFeed(manager, { kind: 'school', schoolId: null })).toBe(true);
  });

  it('names the held schools a confirmation gives no reason for', () => {
    const schools = [
      { uai: '0750001U', held: true },
      { uai: '0750002V', held: false },
      { uai: '0750003W', held: true },
    ];
    expect(heldWithoutReason(schools, [{ uai: '0750001U' }])).toEqual(['0750003W']);
    expect(heldWithoutReason(schools, [{ uai: '0750001U' }, { uai: '0750003W' }])).toEqual([]);
  });

  it('rounds the leavers’ share to one decimal', () => {
    expect(leaversPercent(1, 3)).toBe(33.3);
    expect(leaversPercent(0, 0)).toBe(0);
    expect(leaversPercent(6, 100)).toBe(6);
  });

  it('stages sets sorted and once, the class schools among the schools', () => {
    const person: FeedPerson = {
      kind: 'person', source: 'aaf', joinKey: 'J1', ine: null, lastName: 'Martin', firstName: 'Léa', birthDate: null, profile: 'student',
      schools: ['0750002V'], classes: [{ uai: '0750001U', name: '6A' }, { uai: '0750001U', name: '6A' }], email: ' ', mobile: null,
      functions: [], relatives: [], exitDate: null,
    };
    expect(stagedPerson(person)).toMatchObject({ schools: ['0750001U', '0750002V'], classes: ['0750001U|6A'], email: null });
  });
});
