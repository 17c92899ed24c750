import type { Profile } from '@sesame/contracts';

/*
 * How Sesame's data reads in OneRoster 1.2's vocabulary (docs/oneroster.md has the whole mapping).
 */

/** A profile's role (RoleEnum). A relative is the pupil's parent or legal guardian: `parent`. */
export const ROLE_OF: Record<Profile, 'student' | 'parent' | 'teacher' | 'aide' | 'proctor'> = {
  student: 'student',
  relative: 'parent',
  teacher: 'teacher',
  // School staff who do not teach (vie scolaire, secretariat): OneRoster's aides.
  personnel: 'aide',
  // Outside people given an account for a while (an examiner, a visiting speaker).
  guest: 'proctor',
};

/** A profile's role in a class it is a member of (EnrollmentDType: administrator, proctor, student, teacher). */
export const ENROLLMENT_ROLE_OF: Record<Profile, 'student' | 'teacher' | 'administrator' | 'proctor'> = {
  student: 'student',
  relative: 'proctor',
  teacher: 'teacher',
  personnel: 'administrator',
  guest: 'proctor',
};

/** The school year a day falls in, by its first calendar year: 2026 for any day from 1 August 2026 to 31 July 2027. */
export function schoolYearOf(day: Date): number {
  return day.getUTCMonth() >= 7 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
}

/** A school year as an academic session (AcademicSessionDType): 1 September to 31 August, `schoolYear` its ending year. */
export function schoolYearSession(year: number) {
  return {
    sourcedId: `school-year-${year}`,
    title: `Année scolaire ${year}-${year + 1}`,
    startDate: `${year}-09-01`,
    endDate: `${year + 1}-08-31`,
    schoolYear: String(year + 1),
  };
}

/** An enrollment's id: the account and the class it joins (`<account id>_<class id>`, built so by the repository's SQL). */
export const enrollmentId = (accountId: string, classId: string) => `${accountId}_${classId}`;
export function parseEnrollmentId(id: string): { accountId: string; classId: string } | null {
  const match = /^([0-9a-f-]{36})_([0-9a-f-]{36})$/i.exec(id);
  return match ? { accountId: match[1], classId: match[2] } : null;
}

/** The district's id: the académie, parent of every school. */
export const DISTRICT_ID = 'academie';
