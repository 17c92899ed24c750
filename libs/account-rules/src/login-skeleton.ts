import { readFileSync } from 'node:fs';

/**
 * Look-alike logins (UTS #39 "confusable" skeletons): `gestionnаire` with a Cyrillic а, or the
 * full-width `ｇｅｓｔｉｏｎｎａｉｒｅ`, read as `gestionnaire`. Two logins with the same skeleton are one
 * login for uniqueness.
 *
 * skeleton(X) = NFD(prototypes(remove default-ignorables(NFD(NFKC(X))))), where the prototypes are
 * those of Unicode's confusables.txt (13.0.0, as shipped by the npm package unhomoglyph 1.0.6, MIT;
 * the data is Unicode's, under the Unicode licence). Two choices beyond UTS #39:
 * - NFKC first: confusables.txt maps only some full-width letters (ｇ, ｅ but not ｔ, ｎ, ｒ);
 *   NFKC folds every compatibility form (full-width, ligatures, ℌ) to its plain letter.
 * - Case stays significant (SPEC §3: JDupont and jdupont are two accounts): the few prototypes that
 *   map a letter to its own other case (U+A77A ꝺ → U+A779 Ꝺ in this data) are ignored. Prototypes
 *   that join different letters across cases stay: `I` (capital i) and `l` look alike and share `l`.
 * Stored skeletons depend on this data: changing it needs a migration that recomputes them.
 */
let prototypes: Map<string, string> | undefined;

function loadPrototypes(): Map<string, string> {
  const data = JSON.parse(readFileSync(require.resolve('unhomoglyph/data.json'), 'utf8')) as Record<string, string>;
  return new Map(Object.entries(data).filter(([source, target]) => !isOtherCase(source, target)));
}

function isOtherCase(source: string, target: string): boolean {
  return source !== target && (target === source.toLowerCase() || target === source.toUpperCase());
}

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

export function loginSkeleton(login: string): string {
  prototypes ??= loadPrototypes();
  let skeleton = '';
  for (const character of login.normalize('NFKC').normalize('NFD').replace(DEFAULT_IGNORABLE, '')) {
    skeleton += prototypes.get(character) ?? character;
  }
  return skeleton.normalize('NFD');
}
