import { SCIM_SCHEMAS } from '@sesame/contracts';
import { attributeKey } from './scim-paths';

type Json = Record<string, unknown>;

/** The extension objects of a representation and the key prefix of their attributes. */
const EXTENSIONS: Record<string, string> = {
  [SCIM_SCHEMAS.enterpriseUser]: 'enterprise',
  [SCIM_SCHEMAS.sesameUser]: 'sesame',
  [SCIM_SCHEMAS.sesameGroup]: 'sesame',
};

/** Attributes returned whatever is asked (RFC 7643 §2.4 `returned: always`, and `schemas`). */
const ALWAYS = new Set(['id', 'schemas']);

const pick = (value: unknown, subs: string[]): unknown => {
  if (Array.isArray(value)) return value.map((item) => pick(item, subs));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Json).filter(([key]) => subs.includes(key.toLowerCase())));
};
const omit = (value: unknown, subs: string[]): unknown => {
  if (Array.isArray(value)) return value.map((item) => omit(item, subs));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Json).filter(([key]) => !subs.includes(key.toLowerCase())));
};

/** The keys asked for below `key` (`name` → `givenname` of `name.givenname`); null when `key` itself is. */
function below(keys: string[], key: string): string[] | null {
  if (keys.includes(key)) return null;
  return keys.filter((asked) => asked.startsWith(`${key}.`)).map((asked) => asked.slice(key.length + 1));
}

/**
 * A resource with only the attributes asked for (`attributes`), or without those excluded
 * (`excludedAttributes`): RFC 7644 §3.4.2.5 and §3.9. `id` and `schemas` always stay.
 */
export function projected(resource: Json, kind: 'User' | 'Group', attributes: string[], excluded: string[]): Json {
  if (attributes.length === 0 && excluded.length === 0) return resource;
  const keysOf = (paths: string[]) => paths.map((path) => attributeKey(path, kind));
  const wanted = keysOf(attributes);
  const unwanted = keysOf(excluded);
  const out: Json = {};
  for (const [name, value] of Object.entries(resource)) {
    if (ALWAYS.has(name)) {
      out[name] = value;
      continue;
    }
    const extension = EXTENSIONS[name];
    if (extension) {
      const inner = projected(
        value as Json,
        kind,
        wanted.includes(extension) ? [] : wanted.filter((key) => key.startsWith(`${extension}:`)).map((key) => key.slice(extension.length + 1)),
        unwanted.includes(extension) ? Object.keys(value as Json) : unwanted.filter((key) => key.startsWith(`${extension}:`)).map((key) => key.slice(extension.length + 1)),
      );
      delete inner.id;
      delete inner.schemas;
      if (wanted.length && !wanted.includes(extension) && !wanted.some((key) => key.startsWith(`${extension}:`))) continue;
      if (Object.keys(inner).length) out[name] = inner;
      continue;
    }
    const key = name.toLowerCase();
    let kept: unknown = value;
    if (wanted.length) {
      const subs = below(wanted, key);
      if (subs !== null) {
        if (subs.length === 0) continue;
        kept = pick(value, subs);
      }
    }
    if (unwanted.length) {
      const subs = below(unwanted, key);
      if (subs === null) continue;
      if (subs.length) kept = omit(kept, subs);
    }
    out[name] = kept;
  }
  return out;
}

/** A comma-separated list of attribute paths (a query parameter). */
export const pathList = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((path) => path.trim())
        .filter(Boolean)
    : [];
