import type { FeedPerson, FeedRecord } from '@sesame/contracts';

/** A small académie, hand-made, for the feeds' integration test: three schools, a year 1 and a year 2. */
export const A = '0750001U';
export const B = '0750002V';
export const C = '0750003W';

export const person = (joinKey: string, over: Partial<FeedPerson> = {}): FeedPerson => ({
  kind: 'person', source: 'aaf', joinKey, ine: null, lastName: `Nom ${joinKey}`, firstName: `Prénom ${joinKey}`, birthDate: null,
  profile: 'student', schools: [], classes: [], email: null, mobile: null, functions: [], relatives: [], exitDate: null, ...over,
});
export const student = (key: string, uai: string, klass: string, over: Partial<FeedPerson> = {}) => person(key, { schools: [uai], classes: [{ uai, name: klass }], ...over });
export const link = (childKey: string, relativeKey: string, legal: 0 | 1 | 2 | null = 1) => ({ childKey, relativeKey, legal, kinship: null, financial: null, contact: null });
export const school = (uai: string): FeedRecord => ({ kind: 'school', source: 'aaf', uai, name: `Collège ${uai}` });

/** Year 1 of a small académie: two schools, four students, three relatives (R2 linked with légal = 2), a teacher. */
export const year1 = (): FeedRecord[] => [
  school(A), school(B),
  student('S1', A, '6A', { relatives: [link('S1', 'R1')] }),
  student('S2', A, '6A', { relatives: [link('S2', 'R2', 2)] }),
  student('S3', A, '6B', { relatives: [link('S3', 'R3')] }),
  student('S4', B, '5A'),
  person('R1', { profile: 'relative' }), person('R2', { profile: 'relative' }), person('R3', { profile: 'relative' }),
  person('T1', { profile: 'teacher', schools: [A], classes: [{ uai: A, name: '6A' }] }),
];

/** Year 2: one change of each category (S4 absent, S3 with an exit date, R2 deactivated meanwhile). */
export const year2 = (): FeedRecord[] => [
  school(A), school(B),
  student('S1', A, '6B'),
  student('S2', A, '6A', { lastName: 'Nouveau-Nom', relatives: [link('S2', 'R2', 2)] }),
  student('S3', A, '6B', { relatives: [link('S3', 'R3')], exitDate: '2020-07-04' }),
  student('S5', A, '6A', { relatives: [link('S5', 'R3')] }),
  person('R1', { profile: 'relative' }), person('R2', { profile: 'relative' }), person('R3', { profile: 'relative' }),
  person('T1', { profile: 'personnel', schools: [A], classes: [{ uai: A, name: '6A' }], email: 't1@ac-test.fr' }),
];
