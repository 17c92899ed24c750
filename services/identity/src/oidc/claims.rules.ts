import type { Profile, Role } from '@sesame/contracts';

/*
 * Who may sign in to a relying party, and what it is told about them (issue 17). Pure functions:
 * the provider (provider.service.ts) loads the account and the client, these decide.
 */

/** What a client's registration restricts and allows (oidc_clients). */
export interface ClientPolicy {
  allowedProfiles: readonly string[];
  allowedSchoolIds: readonly string[];
  relativesLinks: boolean;
}

/** The account as the provider sees it. */
export interface OidcAccount {
  id: string;
  username: string;
  role: Role;
  profile: Profile | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  email: string | null;
  locale: 'fr' | 'en';
  updatedAt: Date;
  schools: Array<{ id: string; uai: string; name: string; inherited: boolean }>;
  classes: Array<{ schoolId: string; name: string; inherited: boolean }>;
  /** A relative's children, or a student's relatives (each with the subject identifier this client knows them by). */
  links: Array<{ sub: string; relation: 'child' | 'relative'; displayName: string }>;
}

export type AccessRefusal = 'profile' | 'school';

/**
 * Why this account may not use this client, or null when it may. Staff accounts without a profile
 * (the manager, administrators) pass a profile restriction only when none is set; a school restriction
 * needs one of the account's own or inherited schools (a relative's children's schools count).
 */
export function accessRefusal(policy: ClientPolicy, account: Pick<OidcAccount, 'profile' | 'schools'>): AccessRefusal | null {
  if (policy.allowedProfiles.length && (!account.profile || !policy.allowedProfiles.includes(account.profile))) return 'profile';
  if (policy.allowedSchoolIds.length && !account.schools.some((school) => policy.allowedSchoolIds.includes(school.id))) return 'school';
  return null;
}

/** The claims of each scope (OpenID Connect Core §5.4, and `sesame`). */
export const SCOPE_CLAIMS = {
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'locale', 'updated_at'],
  email: ['email', 'email_verified'],
  sesame: ['sesame_profile', 'sesame_role', 'sesame_schools', 'sesame_classes', 'sesame_links'],
} as const;

/**
 * Every claim the account has for this client; the provider keeps those of the granted scopes. An
 * email is given only when the account has one, and is not verified by Sesame (`email_verified`
 * false). Relatives' links only for a client registered for them.
 */
export function claimsOf(account: OidcAccount, policy: ClientPolicy): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: account.id,
    name: account.displayName,
    preferred_username: account.username,
    locale: account.locale,
    updated_at: Math.floor(account.updatedAt.getTime() / 1000),
    sesame_role: account.role,
    sesame_profile: account.profile,
    sesame_schools: account.schools.map((school) => ({ uai: school.uai, name: school.name, inherited: school.inherited })),
    sesame_classes: account.classes.map((item) => ({
      uai: account.schools.find((school) => school.id === item.schoolId)?.uai ?? null,
      name: item.name,
      inherited: item.inherited,
    })),
  };
  if (account.firstName) claims.given_name = account.firstName;
  if (account.lastName) claims.family_name = account.lastName;
  if (account.email) Object.assign(claims, { email: account.email, email_verified: false });
  if (policy.relativesLinks) claims.sesame_links = account.links;
  return claims;
}
