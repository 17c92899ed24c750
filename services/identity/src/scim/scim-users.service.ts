import { Inject, Injectable } from '@nestjs/common';
import { RULE_MESSAGES, canReactivate, interpolate, titleOf } from '@sesame/account-rules';
import { PROFILES, Profile, SCIM_SCHEMAS, ScimUser, ServiceFailure, UpdateUser } from '@sesame/contracts';
import { toUserView } from '../accounts/user-view';
import { AccountsRepository } from '../accounts/accounts.repository';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { MachineCaller, may, reaches } from '../machine/machine-caller';
import { AccountStatusService } from '../users/account-status.service';
import { UsersService } from '../users/users.service';
import { ScimError, invalidValue, mutability, notFound } from './scim-error';
import { parseFilter } from './scim-filter';
import { applyPatch } from './scim-patch';
import { userFilterSql, userSortSql } from './scim-query';
import { ScimRepository } from './scim.repository';
import { toScimUser } from './scim-user.mapping';
import type { MachineOperation } from '@sesame/contracts';

type Json = Record<string, unknown>;

/** A list request's parameters (RFC 7644 §3.4.2), from the query string or a POST /.search body. */
export interface ListQuery {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: number;
  count?: number;
}

/** What a User's representation says of the account, in Sesame's terms (what a write may change). */
interface Wanted {
  username: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  email: string | null;
  externalId: string | null;
  profile: Profile | undefined;
  schoolIds: string[];
  classIds: string[];
  active: boolean;
  password?: string;
}

const isObject = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const keyIn = (object: Json, name: string) => Object.keys(object).find((key) => key.toLowerCase() === name.toLowerCase());
const field = (object: Json, name: string): unknown => {
  const key = keyIn(object, name);
  return key === undefined ? undefined : object[key];
};
const optionalText = (value: unknown, name: string): string | null => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalidValue(`"${name}" is a string.`);
  return value;
};
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The sentence a refusal of Sesame's rules says to a SCIM client (English: integrators read it). */
export function scimErrorOf(error: ServiceFailure): ScimError {
  const { code, details } = error;
  const params = details.params ?? {};
  switch (code) {
    case 'not_found':
      return new ScimError(404, 'The resource does not exist here.');
    case 'forbidden':
      return new ScimError(403, 'Sesame’s rules do not let this client do this to this account.');
    case 'username_taken':
    case 'username_lookalike':
      return new ScimError(409, titleOf(code, 'en', params as Record<string, string | number>), 'uniqueness');
    case 'conflict':
      return new ScimError(409, `${titleOf(code, 'en')}${params.reason ? ` (${String(params.reason)})` : ''}`);
    case 'validation_failed': {
      const messages = (details.issues ?? []).map((issue) => {
        const template = (RULE_MESSAGES.en as Record<string, string>)[issue.code];
        return `${issue.field}: ${template ? interpolate(template, issue.params as Record<string, string | number>) : issue.code}`;
      });
      return new ScimError(400, `${titleOf(code, 'en')} ${messages.join(' ')}`.trim(), 'invalidValue');
    }
    default:
      return new ScimError(500, titleOf(code, 'en'));
  }
}

/**
 * The SCIM Users (RFC 7644 §3): the member accounts a machine client reaches, read with filters
 * compiled to SQL, written through identity's own services so that every rule of Sesame holds (the
 * login rules, the single manager, an administrator's rights over its schools, the audit and events).
 */
@Injectable()
export class ScimUsersService {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly repository: ScimRepository,
    private readonly accounts: AccountsRepository,
    private readonly users: UsersService,
    private readonly status: AccountStatusService,
  ) {}

  /** The list of Users (RFC 7644 §3.4.2): exact totalResults, 1-based startIndex, count lowered to the maximum. */
  async list(caller: MachineCaller, baseUrl: string, query: ListQuery) {
    this.allowed(caller, 'read');
    const where = query.filter ? userFilterSql(parseFilter(query.filter)) : null;
    const sort = query.sortBy ? { by: userSortSql(query.sortBy), descending: (query.sortOrder ?? '').toLowerCase() === 'descending' } : null;
    const startIndex = Math.max(1, Math.trunc(query.startIndex ?? 1));
    const count = Math.min(this.config.SCIM_MAX_RESULTS, Math.max(0, Math.trunc(query.count ?? this.config.SCIM_MAX_RESULTS)));
    const page = await this.repository.users(caller, where, sort, startIndex - 1, count);
    const found = await this.representations(page.ids, baseUrl);
    return { total: page.total, startIndex, resources: page.ids.map((id) => found.get(id)).filter((user): user is ScimUser => Boolean(user)) };
  }

  async get(caller: MachineCaller, baseUrl: string, id: string): Promise<ScimUser> {
    this.allowed(caller, 'read');
    return this.current(caller, baseUrl, id);
  }

  /** POST /Users (RFC 7644 §3.3): a member account, created as an administrator of the client's schools creates one. */
  async create(caller: MachineCaller, baseUrl: string, body: unknown, requestId?: string): Promise<ScimUser> {
    this.allowed(caller, 'create');
    if (!isObject(body)) throw new ScimError(400, 'The request body is a User: a JSON object.', 'invalidSyntax');
    const wanted = this.wantedOf(body, undefined);
    if (!wanted.profile) throw invalidValue(`A User of Sesame has a profile: give "${SCIM_SCHEMAS.sesameUser}:profile" (${PROFILES.join(', ')}).`);
    if (!wanted.active) throw invalidValue('A new User is active: Sesame creates no deactivated account.');
    const schoolIds = wanted.schoolIds.length ? wanted.schoolIds : caller.schoolIds?.length === 1 ? [...caller.schoolIds] : [];
    if (schoolIds.length === 0) throw invalidValue(`Say which school the User belongs to: "${SCIM_SCHEMAS.sesameUser}:schools" with the school's id as "value".`);
    this.assertReach(caller, schoolIds, wanted.profile);
    try {
      const created = await this.users.create(
        caller.actor,
        {
          role: 'member',
          username: wanted.username || undefined,
          firstName: wanted.firstName ?? undefined,
          lastName: wanted.lastName ?? undefined,
          ...(wanted.displayName ? { displayName: wanted.displayName } : {}),
          email: wanted.email ?? undefined,
          password: wanted.password,
          profile: wanted.profile,
          schoolIds,
          classIds: wanted.classIds,
          externalId: wanted.externalId ?? undefined,
        },
        requestId,
      );
      return this.current(caller, baseUrl, created.id);
    } catch (error) {
      throw error instanceof ServiceFailure ? scimErrorOf(error) : error;
    }
  }

  /** PUT /Users/{id} (RFC 7644 §3.5.1): the account made to match the representation; read-only attributes are ignored. */
  async replace(caller: MachineCaller, baseUrl: string, id: string, body: unknown, ifMatch: string | undefined, requestId?: string): Promise<ScimUser> {
    this.allowed(caller, 'read');
    if (!isObject(body)) throw new ScimError(400, 'The request body is a User: a JSON object.', 'invalidSyntax');
    const before = await this.current(caller, baseUrl, id);
    this.precondition(before, ifMatch);
    const idGiven = field(body, 'id');
    if (idGiven !== undefined && idGiven !== id) throw mutability('"id" is set by Sesame and cannot change.');
    return this.write(caller, baseUrl, before, this.wantedOf(body, before), requestId);
  }

  /** PATCH /Users/{id} (RFC 7644 §3.5.2): the operations applied to the representation, then written all at once. */
  async patch(caller: MachineCaller, baseUrl: string, id: string, body: unknown, ifMatch: string | undefined, requestId?: string): Promise<ScimUser> {
    this.allowed(caller, 'read');
    const before = await this.current(caller, baseUrl, id);
    this.precondition(before, ifMatch);
    const after = applyPatch(before as unknown as Json, body);
    for (const readOnly of ['id', 'meta', 'groups']) {
      if (JSON.stringify(field(after, readOnly)) !== JSON.stringify(field(before as unknown as Json, readOnly))) {
        throw mutability(`"${readOnly}" is read-only: Sesame sets it.`);
      }
    }
    return this.write(caller, baseUrl, before, this.wantedOf(after, before), requestId);
  }

  /** DELETE /Users/{id} (RFC 7644 §3.6): Sesame's pre-deletion; the account is no resource any more (404). */
  async delete(caller: MachineCaller, baseUrl: string, id: string, ifMatch: string | undefined, requestId?: string): Promise<void> {
    this.allowed(caller, 'delete');
    const before = await this.current(caller, baseUrl, id);
    this.precondition(before, ifMatch);
    try {
      await this.status.preDelete(caller.actor, id, requestId);
    } catch (error) {
      throw error instanceof ServiceFailure ? scimErrorOf(error) : error;
    }
  }

  private async write(caller: MachineCaller, baseUrl: string, before: ScimUser, wanted: Wanted, requestId?: string): Promise<ScimUser> {
    const current = this.wantedOf(before as unknown as Json, undefined);
    const patch: UpdateUser['patch'] = {};
    if (wanted.username !== current.username) patch.username = wanted.username;
    if (wanted.firstName !== current.firstName) patch.firstName = wanted.firstName;
    if (wanted.lastName !== current.lastName) patch.lastName = wanted.lastName;
    // The shown name left as it was stays Sesame's default (it follows the names).
    if (wanted.displayName !== current.displayName) patch.displayName = wanted.displayName || null;
    if (wanted.email !== current.email) patch.email = wanted.email;
    if (wanted.externalId !== current.externalId) patch.externalId = wanted.externalId;
    if (wanted.profile && wanted.profile !== current.profile) patch.profile = wanted.profile;
    if (!sameSet(wanted.schoolIds, current.schoolIds)) patch.schoolIds = wanted.schoolIds;
    if (!sameSet(wanted.classIds, current.classIds)) patch.classIds = wanted.classIds;
    const changes = Object.keys(patch).length > 0 || wanted.password !== undefined;
    const deactivate = current.active && !wanted.active;
    const reactivate = !current.active && wanted.active;

    // Every refusal before the first write: an operation not granted, a reactivation, a reach exceeded.
    if (changes) this.allowed(caller, 'update');
    if (deactivate) this.allowed(caller, 'deactivate');
    if (reactivate && !canReactivate(caller.actor)) {
      throw new ScimError(403, 'A deactivated account is reactivated by the académie’s manager only, in Sesame’s console: "active": true cannot be set here.');
    }
    if (patch.schoolIds || patch.profile) this.assertReach(caller, wanted.schoolIds, wanted.profile ?? current.profile);
    try {
      if (Object.keys(patch).length) await this.users.update(caller.actor, { id: before.id, patch }, requestId);
      if (wanted.password !== undefined) await this.users.setPassword(caller.actor, before.id, wanted.password, requestId);
      if (deactivate) await this.status.deactivate(caller.actor, before.id, requestId);
    } catch (error) {
      throw error instanceof ServiceFailure ? scimErrorOf(error) : error;
    }
    return this.current(caller, baseUrl, before.id);
  }

  /** The account's representation, if it is a User of the caller's; else 404 (RFC 7644 §3.12). */
  async current(caller: MachineCaller, baseUrl: string, id: string): Promise<ScimUser> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || !(await this.repository.reaches(caller, id))) throw notFound(id);
    const found = await this.representations([id], baseUrl);
    const user = found.get(id);
    if (!user) throw notFound(id);
    return user;
  }

  private async representations(ids: string[], baseUrl: string): Promise<Map<string, ScimUser>> {
    const details = await this.accounts.findManyDetails(ids);
    return new Map(details.map((account) => [account.id, toScimUser(toUserView(account, { showActivationCode: false }), { baseUrl, academie: this.config.ACADEMIE_NAME })]));
  }

  private allowed(caller: MachineCaller, operation: MachineOperation): void {
    if (!may(caller, operation)) throw new ScimError(403, `This client was not granted the "${operation}" operation by the académie’s manager.`);
  }

  private assertReach(caller: MachineCaller, schoolIds: readonly string[], profile: Profile | undefined): void {
    if (!reaches(caller, { schoolIds, profile: profile ?? null }) || (caller.schoolIds && !schoolIds.every((id) => caller.schoolIds!.includes(id)))) {
      throw new ScimError(403, 'This client may write accounts of its own schools and profiles only.');
    }
  }

  /** RFC 7644 §3.14: a write with If-Match applies to the version named only. */
  private precondition(current: ScimUser, ifMatch: string | undefined): void {
    if (!ifMatch) return;
    const tags = ifMatch.split(',').map((tag) => tag.trim());
    if (!tags.includes('*') && !tags.includes(current.meta!.version)) {
      throw new ScimError(412, `The User has changed since the version "${tags.join(', ')}": read it again (its version is ${current.meta!.version}).`);
    }
  }

  /** What a representation asks of the account; `before` gives what an absent attribute keeps on a PUT. */
  private wantedOf(body: Json, before: ScimUser | undefined): Wanted {
    const userName = field(body, 'userName');
    if (userName !== undefined && typeof userName !== 'string') throw invalidValue('"userName" is a string.');
    if (before && !userName) throw invalidValue('"userName" is required: a User keeps its login.');
    const name = field(body, 'name');
    if (name !== undefined && name !== null && !isObject(name)) throw invalidValue('"name" is an object (givenName, familyName).');
    const names = (name ?? {}) as Json;
    const emails = field(body, 'emails');
    if (emails !== undefined && emails !== null && !Array.isArray(emails)) throw invalidValue('"emails" is a list of addresses.');
    const list = ((emails ?? []) as unknown[]).filter(isObject);
    if (list.length > 1 && list.filter((email) => email.primary === true).length !== 1) {
      throw invalidValue('A Sesame account has one email address: send one, or mark one "primary".');
    }
    const email = list.find((item) => item.primary === true) ?? list[0];
    const active = field(body, 'active');
    if (active !== undefined && typeof active !== 'boolean') throw invalidValue('"active" is true or false.');
    // A client that knows nothing of Sesame's extension (a generic PUT) leaves the profile, schools and classes as they are.
    const given = field(body, SCIM_SCHEMAS.sesameUser);
    const extension = (given ?? (before ? before[SCIM_SCHEMAS.sesameUser] : {}) ?? {}) as Json;
    if (!isObject(extension)) throw invalidValue(`"${SCIM_SCHEMAS.sesameUser}" is an object.`);
    const profile = field(extension, 'profile');
    if (profile !== undefined && profile !== null && !PROFILES.includes(profile as Profile)) throw invalidValue(`"profile" is one of ${PROFILES.join(', ')}.`);
    const values = (attribute: string): string[] => {
      const given = field(extension, attribute);
      if (given === undefined || given === null) return [];
      if (!Array.isArray(given) || !given.every((item) => isObject(item) && typeof item.value === 'string')) {
        throw invalidValue(`"${attribute}" is a list of objects whose "value" is an id.`);
      }
      return [...new Set(given.map((item) => String((item as Json).value)))];
    };
    const password = field(body, 'password');
    if (password !== undefined && typeof password !== 'string') throw invalidValue('"password" is a string.');
    const displayName = field(body, 'displayName');
    return {
      username: typeof userName === 'string' ? userName : '',
      firstName: optionalText(field(names, 'givenName'), 'name.givenName'),
      lastName: optionalText(field(names, 'familyName'), 'name.familyName'),
      displayName: optionalText(displayName, 'displayName') ?? '',
      email: email ? optionalText(email.value, 'emails.value') : null,
      externalId: optionalText(field(body, 'externalId'), 'externalId'),
      profile: (profile ?? undefined) as Profile | undefined,
      schoolIds: values('schools'),
      classIds: values('classes'),
      active: active === undefined ? (before ? before.active : true) : active,
      ...(password !== undefined ? { password } : {}),
    };
  }
}
