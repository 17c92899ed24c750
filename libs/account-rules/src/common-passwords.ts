import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: ReadonlySet<string> | undefined;

/** The list shipped in data/common-passwords.txt, loaded once (Node only). */
export function commonPasswords(): ReadonlySet<string> {
  cached ??= new Set(
    readFileSync(join(__dirname, '..', 'data', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return cached;
}
