import { parseFilter, parseQuery, selectFields } from './oneroster-query';
import { parseEnrollmentId, enrollmentId, schoolYearOf, schoolYearSession } from './oneroster.rules';

describe('OneRoster query parameters (REST binding)', () => {
  it('reads filters: field op \'value\', AND binding tighter than OR, doubled quotes', () => {
    expect(parseFilter(`role='student' AND familyName~'mar' OR dateLastModified>'2026-09-01T00:00:00Z'`)).toEqual([
      [
        { field: 'role', op: '=', value: 'student' },
        { field: 'familyName', op: '~', value: 'mar' },
      ],
      [{ field: 'dateLastModified', op: '>', value: '2026-09-01T00:00:00Z' }],
    ]);
    expect(parseFilter(`familyName='d''Aubigné'`)).toEqual([[{ field: 'familyName', op: '=', value: "d'Aubigné" }]]);
    expect(parseFilter(`a!='1' and b>='2'`)[0].map((p) => p.op)).toEqual(['!=', '>=']);
  });

  it('refuses what the grammar does not allow with invalid_filter_field', () => {
    for (const text of [`role=student`, `role='x' AND`, `role='x' NOT b='y'`, `='x'`, `role 'x'`]) {
      expect(() => parseFilter(text)).toThrow(expect.objectContaining({ status: 400, codeMinor: 'invalid_filter_field' }));
    }
  });

  it('pages by 100 by default, lowers limit to the maximum, checks sort, orderBy and fields', () => {
    const fields = ['sourcedId', 'username'];
    expect(parseQuery({}, fields, 500)).toEqual({ limit: 100, offset: 0, sort: undefined, descending: false, filter: undefined });
    expect(parseQuery({ limit: '9999', offset: '10', sort: 'username', orderBy: 'desc', fields: 'sourcedId, username' }, fields, 500)).toEqual({
      limit: 500,
      offset: 10,
      sort: 'username',
      descending: true,
      filter: undefined,
      fields: ['sourcedId', 'username'],
    });
    expect(() => parseQuery({ limit: '-1' }, fields, 500)).toThrow(expect.objectContaining({ codeMinor: 'invalid_limit_field' }));
    expect(() => parseQuery({ offset: 'x' }, fields, 500)).toThrow(expect.objectContaining({ codeMinor: 'invalid_offset_field' }));
    expect(() => parseQuery({ sort: 'email' }, fields, 500)).toThrow(expect.objectContaining({ codeMinor: 'invalid_sort_field' }));
    expect(() => parseQuery({ filter: `email='x'` }, fields, 500)).toThrow(expect.objectContaining({ codeMinor: 'invalid_filter_field' }));
    expect(() => selectFields({ a: 1 }, ['a', 'b'], ['a'])).toThrow(expect.objectContaining({ codeMinor: 'invalid_selection_field' }));
    expect(selectFields({ a: 1, b: 2 }, ['a'], ['a', 'b'])).toEqual({ a: 1 });
  });
});

describe('Sesame in OneRoster’s words', () => {
  it('counts school years from August, ending in the next year', () => {
    expect(schoolYearOf(new Date('2026-12-06T00:00:00Z'))).toBe(2026);
    expect(schoolYearOf(new Date('2027-07-31T00:00:00Z'))).toBe(2026);
    expect(schoolYearOf(new Date('2027-08-01T00:00:00Z'))).toBe(2027);
    expect(schoolYearSession(2026)).toMatchObject({ startDate: '2026-09-01', endDate: '2027-08-31', schoolYear: '2027' });
  });
  it('names an enrollment by its account and class, and reads it back', () => {
    const account = '6f1c2b9e-3a57-4d0b-9d0e-0c5e8d1f6a01';
    const klass = '7f1c2b9e-3a57-4d0b-9d0e-0c5e8d1f6a02';
    expect(parseEnrollmentId(enrollmentId(account, klass))).toEqual({ accountId: account, classId: klass });
    expect(parseEnrollmentId('nothing')).toBeNull();
  });
});
