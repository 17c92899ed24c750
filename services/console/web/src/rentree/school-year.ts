/**
 * School years are named by the year they open (2027 for 2027-2028). The rentrée is prepared from
 * the summer: until September the year to open is this calendar year's, from October the next.
 */
export function defaultSchoolYear(today: Date): number {
  return today.getMonth() >= 9 ? today.getFullYear() + 1 : today.getFullYear();
}

export const yearLabel = (year: number) => `${year}-${year + 1}`;
