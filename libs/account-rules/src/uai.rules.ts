/**
 * The check letter of a UAI (unité administrative immatriculée): the seven digits taken as a number,
 * modulo 23, as an index into the alphabet without I, O and Q (which look like 1 and 0). So
 * 0754321 → 754321 mod 23 = 13 → P, and 0750654D (lycée Henri-IV) is right.
 */
const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function uaiCheckLetter(digits: string): string {
  return CHECK_LETTERS[Number(digits) % CHECK_LETTERS.length];
}

/** The letter a UAI should end with, when it is seven digits and a letter but the letter is wrong. */
export function wrongUaiCheckLetter(uai: string): string | null {
  const match = /^(\d{7})([A-Za-z])$/.exec(uai.trim());
  if (!match) return null;
  const expected = uaiCheckLetter(match[1]);
  return match[2].toUpperCase() === expected ? null : expected;
}

/** The UAI of a number of up to seven digits, with its check letter (seeds and tests). */
export function uaiOf(digits: number): string {
  const seven = String(digits).padStart(7, '0');
  return `${seven}${uaiCheckLetter(seven)}`;
}
