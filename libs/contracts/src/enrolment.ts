import { z } from 'zod';
import { UaiSchema } from './identity/schools.schema';

/*
 * The enrolment contract (SPEC §7): what student information systems publish to the topic exchange
 * EXCHANGES.enrolment, one JSON message per event, routing key = `<type>.v<version>`.
 * Documented for the systems that publish in asyncapi/enrolment.asyncapi.json (generated from here).
 */

// No control character (NUL, line breaks, escapes) in what becomes a name or a key: PostgreSQL
// refuses a NUL in text, and the others would end up on letters and in CSV exports.
const printable = (schema: z.ZodString) => schema.regex(/^\P{Cc}*$/u, 'must not contain a control character');
const name = printable(z.string().trim().min(1).max(100));
const externalId = printable(z.string().trim().min(1).max(100));
const className = printable(z.string().trim().min(1).max(50));

/** A person as the information system knows them; `externalId` is stable within `source`. */
export const EnrolmentPersonSchema = z.object({
  externalId,
  firstName: name,
  lastName: name,
  email: printable(z.string().trim().max(254)).optional(),
});

const envelope = {
  /** Unique per event: replays and duplicates carry the same id and change nothing. */
  eventId: z.uuid(),
  /**
   * When it happened in the source system (to the millisecond). Each fact (a student's placement, a
   * staff assignment to one school, a departure, names, email) keeps what its latest event said, in
   * the order (occurredAt, eventId): an event that arrives late changes only the facts nothing newer set.
   */
  occurredAt: z.iso.datetime({ offset: true }),
  /** The publishing system (e.g. `siecle`, `onde`); with externalId it identifies a person. */
  source: z.string().trim().regex(/^[a-z0-9-]{1,50}$/),
  version: z.literal(1),
};

export const StudentEnrolledSchema = z.object({
  ...envelope,
  type: z.literal('student.enrolled'),
  student: EnrolmentPersonSchema,
  school: z.object({ uai: UaiSchema }),
  className,
  /** Parents or guardians: created once, linked to each of their children. */
  relatives: z.array(EnrolmentPersonSchema).max(10).default([]),
});

export const StudentTransferredSchema = z.object({
  ...envelope,
  type: z.literal('student.transferred'),
  student: z.object({ externalId }),
  school: z.object({ uai: UaiSchema }),
  className,
});

export const StudentLeftSchema = z.object({
  ...envelope,
  type: z.literal('student.left'),
  student: z.object({ externalId }),
});

export const StaffAssignedSchema = z.object({
  ...envelope,
  type: z.literal('staff.assigned'),
  staff: EnrolmentPersonSchema,
  profile: z.enum(['teacher', 'personnel']),
  school: z.object({ uai: UaiSchema }),
  classNames: z.array(className).max(30).default([]),
});

export const StaffLeftSchema = z.object({
  ...envelope,
  type: z.literal('staff.left'),
  staff: z.object({ externalId }),
  school: z.object({ uai: UaiSchema }),
});

export const EnrolmentEventSchema = z.discriminatedUnion('type', [
  StudentEnrolledSchema,
  StudentTransferredSchema,
  StudentLeftSchema,
  StaffAssignedSchema,
  StaffLeftSchema,
]);
export type EnrolmentEvent = z.infer<typeof EnrolmentEventSchema>;
export type EnrolmentEventType = EnrolmentEvent['type'];

// WARNING: routing keys the information systems publish with; never rename one.
export const ENROLMENT_EVENT_TYPES: readonly EnrolmentEventType[] = [
  'student.enrolled',
  'student.transferred',
  'student.left',
  'staff.assigned',
  'staff.left',
];

/** `student.enrolled` version 1 → `student.enrolled.v1`. */
export function enrolmentRoutingKey(event: Pick<EnrolmentEvent, 'type' | 'version'>): string {
  return `${event.type}.v${event.version}`;
}

/** What identity binds its queue with: every event type, every version. */
export const ENROLMENT_BINDING = '#';
