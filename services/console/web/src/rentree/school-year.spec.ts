import { defaultSchoolYear, yearLabel } from './school-year';

describe('the school year the rentrée opens', () => {
  it('is this year’s until September, the next one from October', () => {
    expect(defaultSchoolYear(new Date(2026, 6, 1))).toBe(2026);
    expect(defaultSchoolYear(new Date(2026, 8, 30))).toBe(2026);
    expect(defaultSchoolYear(new Date(2026, 9, 1))).toBe(2027);
    expect(yearLabel(2027)).toBe('2027-2028');
  });
});
