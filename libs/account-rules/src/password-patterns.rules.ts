/**
 * Repeated characters and keyboard sequences (NIST SP 800-63B §5.1.1.2: refuse "repetitive or
 * sequential characters (e.g. 'aaaaaa', '1234abcd')"), framed as zxcvbn does: a repeated block or a
 * sequence costs an attacker a handful of guesses, whatever its length. What is left once they are
 * taken out is what the password is really made of, and that part must be long enough.
 */

/**
 * Orders an attacker walks: digits, the alphabet, the rows and columns of AZERTY and QWERTY
 * keyboards (unshifted, plus QWERTY's shifted digits), each forwards or backwards.
 */
const SEQUENCES = [
  '0123456789',
  '1234567890',
  'abcdefghijklmnopqrstuvwxyz',
  // AZERTY rows, digits row unshifted as French keyboards type it.
  '&é"\'(-è_çà)=',
  'azertyuiop',
  'qsdfghjklm',
  'wxcvbn',
  // QWERTY rows.
  '!@#$%^&*()_+',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  // Columns, top to bottom (QWERTY then AZERTY where they differ).
  '1qaz',
  '2wsx',
  '3edc',
  '4rfv',
  '5tgb',
  '6yhn',
  '7ujm',
  '8ik,',
  '9ol.',
  '0p;/',
  '1aqw',
  '2zsx',
  '7uj,',
  '8ik;',
  '9ol:',
  '0pm!',
];

/** A run shorter than this is ordinary text (`ab`, `de`, `12` appear in every language). */
const RUN_MIN_LENGTH = 3;

/**
 * Blocks repeated back to back: kept once when of three characters or more (`soleilsoleil` →
 * `soleil`), dropped when shorter (`aaaa`, `abab`, `!!!!` → nothing).
 */
export function withoutRepeats(chars: readonly string[]): string[] {
  const kept: string[] = [];
  const same = (a: number, b: number, length: number) => {
    for (let k = 0; k < length; k++) if (chars[a + k] !== chars[b + k]) return false;
    return true;
  };
  let i = 0;
  while (i < chars.length) {
    let block = 1;
    let covered = 1;
    for (let length = 1; i + 2 * length <= chars.length; length++) {
      let repeats = 1;
      while (i + (repeats + 1) * length <= chars.length && same(i, i + repeats * length, length)) repeats++;
      if (repeats >= 2 && repeats * length >= RUN_MIN_LENGTH && repeats * length > covered) {
        block = length;
        covered = repeats * length;
      }
    }
    if (covered === 1 || block >= RUN_MIN_LENGTH) kept.push(...chars.slice(i, i + block));
    i += covered;
  }
  return kept;
}

/** Where the longest run along one sequence, in one direction, that starts at `i` ends. */
function sequenceEnd(chars: readonly string[], i: number): number {
  let end = i + 1;
  for (const sequence of SEQUENCES) {
    const start = sequence.indexOf(chars[i]);
    if (start === -1) continue;
    for (const step of [1, -1]) {
      let j = i + 1;
      while (j < chars.length && sequence[start + step * (j - i)] === chars[j]) j++;
      end = Math.max(end, j);
    }
  }
  return end;
}

/** The characters of `chars` outside runs of three or more along a sequence. */
export function withoutSequences(chars: readonly string[]): string[] {
  const kept: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const end = sequenceEnd(chars, i);
    if (end - i >= RUN_MIN_LENGTH) i = end;
    else kept.push(chars[i++]);
  }
  return kept;
}

/**
 * What is left of a (lower-case) password once repeats and sequences of three or more are taken
 * out: `password12345678` → `password`, `azertyuiop123456` → ``.
 */
export function unpredictablePart(lower: string): string {
  return withoutSequences(withoutRepeats([...lower])).join('');
}
