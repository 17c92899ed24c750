import { EnrolmentEventSchema } from './enrolment';

const enrolled = (student: Record<string, string>, extra: object = {}) => ({
  eventId: '6f1c1c52-3b8e-4a4c-9d0e-000000000001',
  occurredAt: '2026-09-01T08:00:00Z',
  source: 'siecle',
  version: 1,
  type: 'student.enrolled',
  student: { externalId: 'E-1', firstName: 'Zoé', lastName: 'N’Diaye', ...student },
  school: { uai: '0750001U' },
  className: '6A',
  ...extra,
});

describe('the enrolment contract', () => {
  it('accepts names in any script, with accents and apostrophes', () => {
    expect(EnrolmentEventSchema.safeParse(enrolled({ firstName: 'Đặng Thị', lastName: 'Lefèvre-O’Brien' })).success).toBe(true);
  });

  it.each([
    ['a NUL in a name', { lastName: 'Ber\u0000nard' }, 'student.lastName'],
    ['a line break in a name', { firstName: 'Lu\ncas' }, 'student.firstName'],
    ['an escape in an external id', { externalId: 'E\u001b1' }, 'student.externalId'],
    ['a DEL in an email', { email: 'a\u007f@example.org' }, 'student.email'],
  ])('refuses %s, saying where', (_, student, path) => {
    const parsed = EnrolmentEventSchema.safeParse(enrolled(student));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => `${i.path.join('.')} ${i.message}`)).toEqual([`${path} must not contain a control character`]);
  });

  it('refuses a control character in a class name', () => {
    expect(EnrolmentEventSchema.safeParse(enrolled({}, { className: '6\u0000A' })).success).toBe(false);
  });
});
