import type { EnrolmentEvent, Profile, Role } from '@sesame/contracts';

/** The kind of account an event may name: a student, a relative, or staff (teacher or personnel). */
export type PersonKind = 'student' | 'relative' | 'staff';

export const kindOfProfile = (profile: Profile | null): PersonKind | 'guest' | null =>
  profile === 'teacher' || profile === 'personnel' ? 'staff' : profile;

export interface Named {
  source: string;
  externalId: string;
  kind: PersonKind;
}

/** The people an event names, with the kind of account each must be. */
export function peopleOf(event: EnrolmentEvent): Named[] {
  const { source } = event;
  switch (event.type) {
    case 'student.enrolled':
      return [
        { source, externalId: event.student.externalId, kind: 'student' },
        ...event.relatives.map((r) => ({ source, externalId: r.externalId, kind: 'relative' as const })),
      ];
    case 'student.transferred':
    case 'student.left':
      return [{ source, externalId: event.student.externalId, kind: 'student' }];
    case 'staff.assigned':
    case 'staff.left':
      return [{ source, externalId: event.staff.externalId, kind: 'staff' }];
  }
}

const article = (role: Role) => (role === 'manager' ? 'the' : role === 'administrator' ? 'an' : 'a');

/**
 * Why an event can never apply, or undefined. Decided before anything of the event is applied, from
 * what is known at that point (the accounts as they are, with the batch's earlier events).
 */
export function refusalOf(
  event: EnrolmentEvent,
  schoolByUai: ReadonlyMap<string, string>,
  accountOf: (source: string, externalId: string) => { role: Role; profile: Profile | null } | undefined,
): string | undefined {
  if ('school' in event && !schoolByUai.has(event.school.uai)) return `unknown school: no school has the UAI ${event.school.uai}`;
  const people = peopleOf(event);
  if (event.type === 'student.enrolled' && event.relatives.some((r) => r.externalId === event.student.externalId)) {
    return `a student is not their own relative: ${event.source}/${event.student.externalId}`;
  }
  for (const { source, externalId, kind } of people) {
    const account = accountOf(source, externalId);
    if (!account) continue;
    if (account.role !== 'member') return `not a member: ${source}/${externalId} is ${article(account.role)} ${account.role}`;
    const actual = kindOfProfile(account.profile);
    if (actual !== kind) return `not a ${kind}: ${source}/${externalId} is ${actual === 'staff' ? 'staff' : `a ${actual}`}`;
  }
  return undefined;
}

/**
 * The reason to dead-letter an event the database refused, when the error is about the data (a
 * constraint or a data exception: SQLSTATE classes 22 and 23), not about the database (down, busy,
 * a serialization conflict): those are worth another try.
 */
export function databaseRefusal(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(code)) return undefined;
  const { message, constraint } = error as { message?: string; constraint?: string };
  return `refused by the database: ${message ?? 'no message'} (SQLSTATE ${code}${constraint ? `, ${constraint}` : ''})`;
}

/** A login taken meanwhile by another writer: refused once, free on the next try. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23505';
