import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PasswordList } from './password.rules';

/**
 * A sorted list searched by bisection over its one text: 444,000 entries cost about 6 MB this way,
 * against some 35 MB as a Set of strings, in each service that checks passwords.
 */
export class SortedPasswordList implements PasswordList {
  private readonly starts: Uint32Array;

  /** `text`: entries sorted by UTF-16 code units (JavaScript's `<`), each followed by a line feed. */
  constructor(private readonly text: string) {
    let count = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    this.starts = new Uint32Array(count + 1);
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts[n++] = i + 1;
  }

  get size(): number {
    return this.starts.length - 1;
  }

  has(entry: string): boolean {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = this.text.slice(this.starts[middle], this.starts[middle + 1] - 1);
      if (candidate === entry) return true;
      if (candidate < entry) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

let cached: SortedPasswordList | undefined;

/**
 * The list shipped in data/common-passwords.txt.gz (sources and licences in
 * data/common-passwords.sources.json), loaded once (Node only; the console leaves it to the API).
 */
export function commonPasswords(): SortedPasswordList {
  cached ??= new SortedPasswordList(gunzipSync(readFileSync(join(__dirname, '..', 'data', 'common-passwords.txt.gz'))).toString('utf8'));
  return cached;
}
