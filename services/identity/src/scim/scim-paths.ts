import { SCIM_SCHEMAS } from '@sesame/contracts';
import { invalidPath } from './scim-error';

/** The schemas a User attribute path may be prefixed with, and the key prefix each gives (lower case). */
const USER_PREFIXES: Array<[string, string]> = [
  [SCIM_SCHEMAS.user.toLowerCase(), ''],
  [SCIM_SCHEMAS.enterpriseUser.toLowerCase(), 'enterprise:'],
  [SCIM_SCHEMAS.sesameUser.toLowerCase(), 'sesame:'],
];
const GROUP_PREFIXES: Array<[string, string]> = [
  [SCIM_SCHEMAS.group.toLowerCase(), ''],
  [SCIM_SCHEMAS.sesameGroup.toLowerCase(), 'sesame:'],
];

/**
 * An attribute path (RFC 7644 §3.10: `[schema URN ":"] attribute ["." sub-attribute]`) as one key in
 * lower case: `userName` → `username`, `urn:…:core:2.0:User:name.givenName` → `name.givenname`,
 * `urn:…:enterprise:2.0:User:department` → `enterprise:department`, the Sesame extension's `profile`
 * → `sesame:profile`. A URN that is not one of the resource's schemas is an `invalidPath`.
 */
export function attributeKey(path: string, resource: 'User' | 'Group'): string {
  const lower = path.toLowerCase();
  if (!lower.startsWith('urn:')) return lower;
  for (const [urn, prefix] of resource === 'User' ? USER_PREFIXES : GROUP_PREFIXES) {
    if (lower === urn) return prefix.replace(/:$/, '');
    if (lower.startsWith(`${urn}:`)) return prefix + lower.slice(urn.length + 1);
  }
  throw invalidPath(`"${path}" names no attribute of a ${resource}: its schema is not one of this service provider's.`);
}
