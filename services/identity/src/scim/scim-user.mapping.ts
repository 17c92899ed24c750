import { createHash } from 'node:crypto';
import { SCIM_SCHEMAS, type ScimUser, type UserView } from '@sesame/contracts';

/**
 * A Sesame account as a SCIM User (RFC 7643 §4.1 core, §4.3 enterprise, and Sesame's extension):
 * what the SCIM server answers and what the pushes send to the académie's tools.
 *
 * - `id` is the account's id; `externalId` the id the académie's systems gave it (AAF, SIECLE), if any;
 * - `active` is false for a deactivated account (RFC 7643 §4.1.1); pre-deleted accounts are not
 *   resources at all (a DELETE took them away, RFC 7644 §3.6);
 * - `enterprise.organization` is the académie, `department` the UAI of the account's first school;
 * - `meta.version` is a weak ETag of the representation (RFC 7644 §3.14): it changes with any of it.
 */
export function toScimUser(user: UserView, options: { baseUrl: string; academie?: string }): ScimUser {
  const names = { givenName: user.firstName ?? undefined, familyName: user.lastName ?? undefined };
  const formatted = [user.firstName, user.lastName].filter(Boolean).join(' ');
  const body: Omit<ScimUser, 'meta'> = {
    schemas: [SCIM_SCHEMAS.user, SCIM_SCHEMAS.enterpriseUser, SCIM_SCHEMAS.sesameUser],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.username,
    ...(formatted ? { name: { formatted, ...names } } : {}),
    displayName: user.displayName,
    ...(user.email ? { emails: [{ value: user.email, type: 'work', primary: true }] } : {}),
    active: user.deactivatedAt === null,
    preferredLanguage: user.locale,
    groups: [
      ...user.schools.map((school) => ({ value: school.id, display: school.name, $ref: `${options.baseUrl}/Groups/${school.id}`, type: 'direct' as const })),
      ...user.classes.map((klass) => ({ value: klass.id, display: klass.name, $ref: `${options.baseUrl}/Groups/${klass.id}`, type: 'direct' as const })),
    ],
    [SCIM_SCHEMAS.enterpriseUser]: {
      ...(options.academie ? { organization: options.academie } : {}),
      ...(user.schools[0] ? { department: user.schools[0].uai } : {}),
    },
    [SCIM_SCHEMAS.sesameUser]: {
      ...(user.profile ? { profile: user.profile } : {}),
      schools: user.schools.map((school) => ({ value: school.id, uai: school.uai, display: school.name })),
      classes: user.classes.map((klass) => ({ value: klass.id, schoolId: klass.schoolId, display: klass.name })),
      activated: user.activated,
    },
  };
  return {
    ...body,
    meta: {
      resourceType: 'User',
      created: user.createdAt,
      lastModified: user.updatedAt,
      location: `${options.baseUrl}/Users/${user.id}`,
      version: scimVersion(body),
    },
  };
}

/** A weak entity tag of a representation: equal representations, equal tags (RFC 7232 §2.3). */
export function scimVersion(representation: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 22)}"`;
}
