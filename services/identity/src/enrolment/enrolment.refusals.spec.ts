import { isAfter, versionOf } from './enrolment.facts';
import { databaseRefusal, isUniqueViolation } from './enrolment.refusals';

describe('databaseRefusal', () => {
  it('gives the database’s reason for an error about the data: a constraint, a data exception', () => {
    const check = Object.assign(new Error('new row for relation "accounts" violates check constraint "accounts_profile_for_members"'), {
      code: '23514',
      constraint: 'accounts_profile_for_members',
    });
    expect(databaseRefusal(check)).toBe(
      'refused by the database: new row for relation "accounts" violates check constraint "accounts_profile_for_members" (SQLSTATE 23514, accounts_profile_for_members)',
    );
    expect(databaseRefusal(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }))).toMatch(/^refused by the database: invalid byte sequence/);
  });

  it('gives none for the database being down, busy or in a serialization conflict: those are tried again', () => {
    for (const code of ['40001', '40P01', '57P01', '08006', '53300']) expect(databaseRefusal(Object.assign(new Error('x'), { code }))).toBeUndefined();
    expect(databaseRefusal(new Error('connect ECONNREFUSED'))).toBeUndefined();
    expect(databaseRefusal(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeUndefined();
  });

  it('tells a unique violation (a login taken meanwhile) apart', () => {
    expect(isUniqueViolation(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('check'), { code: '23514' }))).toBe(false);
  });
});

describe('the order of events', () => {
  it('is occurredAt to the millisecond, then eventId (in any case)', () => {
    const a = versionOf({ occurredAt: '2026-09-01T08:00:00.000Z', eventId: 'FFFFFFFF-0000-4000-8000-000000000000' });
    const b = versionOf({ occurredAt: '2026-09-01T10:00:00.001+02:00', eventId: '00000000-0000-4000-8000-000000000000' });
    const c = versionOf({ occurredAt: '2026-09-01T08:00:00.001Z', eventId: 'aaaaaaaa-0000-4000-8000-000000000000' });
    expect(isAfter(b, a)).toBe(true);
    expect(isAfter(c, b)).toBe(true);
    expect(isAfter(c, c)).toBe(false);
    expect(isAfter(a, undefined)).toBe(true);
  });
});
