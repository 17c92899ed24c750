import { randomBytes } from 'node:crypto';
import type { EnrolmentEvent } from '@sesame/contracts';
import fc from 'fast-check';
import { Kysely, sql } from 'kysely';

/**
 * Random enrolment histories for the ordering property (SPEC §7): a few students sharing relatives,
 * staff in several schools, names and emails that change, ties of occurredAt; and random arrival
 * orders of them, with duplicates and batch boundaries.
 */
export const SCHOOLS = ['0750001U', '0750002V', '0750003W'];
export const UNKNOWN_SCHOOL = '0999999F';
const CLASSES = ['6A', '5B', 'Tle 1'];
const STUDENTS = ['s0', 's1', 's2', 's3'];
const RELATIVES = ['r0', 'r1', 'r2'];
const STAFF = ['t0', 't1'];

export type Step =
  | { type: 'student.enrolled'; person: string; minute: number; uai: string; className: string; relatives: Array<{ id: string; variant: number; email: Email }>; variant: number; email: Email }
  | { type: 'student.transferred'; person: string; minute: number; uai: string; className: string }
  | { type: 'student.left'; person: string; minute: number }
  | { type: 'staff.assigned'; person: string; minute: number; uai: string; classNames: string[]; profile: 'teacher' | 'personnel'; variant: number; email: Email }
  | { type: 'staff.left'; person: string; minute: number; uai: string };
type Email = 'none' | 'valid' | 'invalid';

const minute = fc.integer({ min: 0, max: 15 });
const variant = fc.integer({ min: 0, max: 2 });
const email = fc.constantFrom<Email>('none', 'valid', 'invalid');
/** Now and then a school no one created: refused whatever the order. */
const school = (unknown: boolean) => (unknown ? fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...SCHOOLS) }, { weight: 1, arbitrary: fc.constant(UNKNOWN_SCHOOL) }) : fc.constantFrom(...SCHOOLS));

export function historyArbitrary({ maxLength = 18, unknownSchools = true } = {}): fc.Arbitrary<Step[]> {
  const uai = school(unknownSchools);
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: fc.record({
      type: fc.constant('student.enrolled' as const), person: fc.constantFrom(...STUDENTS), minute, uai, className: fc.constantFrom(...CLASSES),
      relatives: fc.uniqueArray(fc.record({ id: fc.constantFrom(...RELATIVES), variant, email }), { maxLength: 2, selector: (r) => r.id }), variant, email,
    }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('student.transferred' as const), person: fc.constantFrom(...STUDENTS), minute, uai, className: fc.constantFrom(...CLASSES) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('student.left' as const), person: fc.constantFrom(...STUDENTS), minute }) },
    { weight: 3, arbitrary: fc.record({
      type: fc.constant('staff.assigned' as const), person: fc.constantFrom(...STAFF), minute, uai, classNames: fc.subarray(CLASSES, { maxLength: 2 }),
      profile: fc.constantFrom('teacher' as const, 'personnel' as const), variant, email,
    }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('staff.left' as const), person: fc.constantFrom(...STAFF), minute, uai }) },
  );
  return fc.array(step, { minLength: 1, maxLength });
}

/** An arrival order of n events: a permutation, some duplicates anywhere, and where batches end. */
export function arrivalArbitrary(n: number): fc.Arbitrary<{ order: number[]; cuts: boolean[] }> {
  return fc
    .tuple(
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n })), { maxLength: 4 }),
      // A batch ends after about one event in three.
      fc.array(fc.nat({ max: 2 }).map((x) => x === 0), { minLength: 2 * n, maxLength: 2 * n }),
    )
    .map(([permutation, duplicates, cuts]) => {
      const order = [...permutation];
      for (const [index, at] of duplicates) order.splice(Math.min(at, order.length), 0, index);
      return { order, cuts };
    });
}

/** The arrival order cut into batches. */
export function batchesOf<T>(items: T[], cuts: boolean[]): T[][] {
  const batches: T[][] = [[]];
  items.forEach((item, i) => {
    batches.at(-1)!.push(item);
    if (cuts[i] && i < items.length - 1) batches.push([]);
  });
  return batches;
}

/**
 * The events of a history for one source. Event ids keep the history's order (a tag per copy, then
 * the index), so ties of occurredAt are broken the same way in every copy.
 */
export function eventsOf(steps: Step[], source: string): EnrolmentEvent[] {
  const tag = randomBytes(4).toString('hex');
  const names = (id: string, v: number) => ({ firstName: `Prénom ${id}`, lastName: `Nom ${id} v${v}` });
  const mail = (id: string, e: Email, v: number) => (e === 'none' ? {} : { email: e === 'valid' ? `${id}.v${v}@example.org` : `${id}@x.org, b@y.org` });
  return steps.map((step, index): EnrolmentEvent => {
    const envelope = {
      eventId: `${tag}-0000-4000-8000-${String(index).padStart(12, '0')}`,
      occurredAt: new Date(Date.parse('2026-09-01T08:00:00Z') + step.minute * 60_000).toISOString(),
      source,
      version: 1 as const,
    };
    switch (step.type) {
      case 'student.enrolled':
        return {
          ...envelope,
          type: step.type,
          student: { externalId: step.person, ...names(step.person, step.variant), ...mail(step.person, step.email, step.variant) },
          school: { uai: step.uai },
          className: step.className,
          relatives: step.relatives.map((r) => ({ externalId: r.id, ...names(r.id, r.variant), ...mail(r.id, r.email, r.variant) })),
        };
      case 'student.transferred':
        return { ...envelope, type: step.type, student: { externalId: step.person }, school: { uai: step.uai }, className: step.className };
      case 'student.left':
        return { ...envelope, type: step.type, student: { externalId: step.person } };
      case 'staff.assigned':
        return {
          ...envelope,
          type: step.type,
          staff: { externalId: step.person, ...names(step.person, step.variant), ...mail(step.person, step.email, step.variant) },
          profile: step.profile,
          school: { uai: step.uai },
          classNames: step.classNames,
        };
      case 'staff.left':
        return { ...envelope, type: step.type, staff: { externalId: step.person }, school: { uai: step.uai } };
    }
  });
}

/** The events that can never apply, whatever the order. */
export const isInvalid = (event: EnrolmentEvent) => 'school' in event && event.school.uai === UNKNOWN_SCHOOL;

/** Time order: occurredAt, then eventId. */
export const inTimeOrder = (events: EnrolmentEvent[]) =>
  [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));

/**
 * What the stream made of one source's people, logins aside (they depend on who took a name first
 * in the whole directory): names, email, profile, departure, own and inherited schools and
 * classes, links to children.
 */
export async function directoryOf(db: Kysely<any>, source: string): Promise<unknown[]> {
  const { rows } = await sql`
    SELECT a.external_id, a.first_name, a.last_name, a.email, a.role, a.profile, a.left_at IS NOT NULL AS leaving,
      (SELECT coalesce(array_agg(s.uai || CASE WHEN m.inherited THEN ' (inherited)' ELSE '' END ORDER BY s.uai, m.inherited), '{}')
         FROM account_schools m JOIN schools s ON s.id = m.school_id WHERE m.account_id = a.id) AS schools,
      (SELECT coalesce(array_agg(s.uai || '/' || c.name || CASE WHEN m.inherited THEN ' (inherited)' ELSE '' END ORDER BY s.uai, c.name, m.inherited), '{}')
         FROM account_classes m JOIN classes c ON c.id = m.class_id JOIN schools s ON s.id = c.school_id WHERE m.account_id = a.id) AS classes,
      (SELECT coalesce(array_agg(child.external_id ORDER BY child.external_id), '{}')
         FROM relative_links l JOIN accounts child ON child.id = l.student_id WHERE l.relative_id = a.id) AS children
    FROM accounts a WHERE a.source = ${source} ORDER BY a.external_id`.execute(db);
  return rows;
}
