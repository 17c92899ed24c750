/** The UAI check letter: the 7 digits modulo 23, read in the alphabet without I, O and Q. */
const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function uaiOf(digits: number): string {
  const seven = String(digits).padStart(7, '0');
  return `${seven}${UAI_LETTERS[Number(seven) % 23]}`;
}
