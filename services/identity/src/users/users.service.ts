import { Inject, Injectable } from '@nestjs/common';
import {
  canCreate,
  canManage,
  canReassign,
  creatableRoles,
  defaultDisplayName,
  feedOwnedIssues,
  loginBase,
  loginCandidate,
  loginSkeleton,
  mergeSchoolsWithinScope,
} from '@sesame/account-rules';
import { CreateUser, IdentityEvents, ServiceFailure, UpdateUser, UserView, invalidField } from '@sesame/contracts';
import { isUniqueViolation } from '@sesame/database';
import type { Actor } from '../auth/actor';
import { generateActivationCode } from '../accounts/activation-codes';
import { ActorService } from '../auth/actor.service';
import { Passwords } from '../auth/passwords';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { AccountUpdate } from '../database/schema';
import { SchoolsRepository } from '../schools/schools.repository';
import { AccountAccess } from './account-access';
import { AccountsRepository } from '../accounts/accounts.repository';
import { MembershipsRepository } from '../accounts/memberships.repository';
import { newAccountIssues, normalizeIdentity, patchIssues } from '../accounts/account-input.rules';
import { roleChanged } from './credentials.rules';
import { auditSnapshot, eventRef } from '../accounts/user-view';
import { ChangeRecorder } from '../audit/change-recorder';
import { changedFields } from './changed-fields.rules';

/** Which uniqueness of logins a failed write broke: the login itself, or its look-alike skeleton. */
function loginViolation(error: unknown): 'taken' | 'lookalike' | null {
  if (isUniqueViolation(error, 'accounts_username_key')) return 'taken';
  if (isUniqueViolation(error, 'accounts_username_skeleton_key')) return 'lookalike';
  return null;
}

function loginRefusal(clash: 'taken' | 'lookalike', username: string): ServiceFailure {
  return clash === 'taken' ? new ServiceFailure('username_taken', { params: { username } }) : new ServiceFailure('username_lookalike');
}

/** Creating and managing accounts, with every rule of SPEC §2–3 checked against the data. */
@Injectable()
export class UsersService {
  constructor(
    private readonly changes: ChangeRecorder,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly schools: SchoolsRepository,
    private readonly passwords: Passwords,
    private readonly actors: ActorService,
    private readonly access: AccountAccess,
  ) {}

  async get(actor: Actor, id: string): Promise<UserView> {
    const account = await this.access.visible(actor, id);
    return this.access.view(actor, account);
  }

  async create(actor: Actor, raw: CreateUser, requestId?: string): Promise<UserView> {
    if (raw.role === 'manager') throw new ServiceFailure('manager_exists');
    if (!creatableRoles(actor.role).includes(raw.role)) throw new ServiceFailure('forbidden');
    const input = normalizeIdentity(raw);
    const issues = newAccountIssues(input);
    if (issues.length) throw new ServiceFailure('validation_failed', { issues });

    const managedBy = await this.supervisorManager(actor, input);
    const children = await this.children(actor, input.childIds ?? []);
    const schoolIds = [...new Set([...(input.schoolIds ?? []), ...children.flatMap((c) => c.schoolIds)])];
    if (!canCreate(actor, input.role, input.schoolIds ?? schoolIds, managedBy)) throw new ServiceFailure('forbidden');
    await this.assertSchoolsAndClasses(schoolIds, input.classIds ?? []);

    const passwordHash = await this.hashFor(input.password, input.username);
    const expiresAt = new Date(Date.now() + this.config.ACTIVATION_CODE_TTL_DAYS * 86_400_000);

    for (let attempt = 0; ; attempt++) {
      const username = input.username ?? (await this.freeLogin(input.firstName!, input.lastName!));
      if (input.password) await this.passwords.assertAcceptable(input.password, username);
      const skeleton = loginSkeleton(username);
      if (input.username) await this.assertLoginFree(username, skeleton);
      try {
        const created = await this.changes.record(async ({ trx, audit, event }) => {
          const row = await this.accounts.insert(
            {
              username,
              username_skeleton: skeleton,
              first_name: input.firstName || null,
              last_name: input.lastName || null,
              display_name: input.displayName || null,
              email: input.email || null,
              role: input.role,
              profile: input.role === 'member' ? input.profile! : null,
              managed_by: managedBy,
              password_hash: passwordHash,
              activation_code: generateActivationCode(),
              activation_code_expires_at: expiresAt,
              activated_at: null,
              deactivated_at: null,
              pre_deleted_at: null,
              delete_after: null,
              external_id: input.externalId ?? null,
              source: input.externalId ? 'manual' : null,
              last_login_at: null,
              last_distributed_at: null,
              last_distribution_channel: null,
              created_by: actor.id,
            },
            trx,
          );
          await this.memberships.replaceSchools(row.id, input.schoolIds ?? [], trx);
          await this.memberships.replaceClasses(row.id, input.classIds ?? [], trx);
          if (children.length) {
            await this.memberships.replaceChildren(row.id, children.map((c) => c.id), trx);
            await this.memberships.refreshRelatives([row.id], trx);
          }
          const details = (await this.accounts.findDetails(row.id, trx))!;
          await audit({ actorId: actor.id, action: 'user.create', targetId: row.id, after: auditSnapshot(details), requestId });
          await event(IdentityEvents.userCreated, eventRef(details, actor.id));
          return details;
        });
        return this.access.view(actor, created);
      } catch (error) {
        const clash = loginViolation(error);
        if (clash) {
          // A generated login may have been taken meanwhile: pick the next one.
          if (!input.username && attempt < 5) continue;
          throw loginRefusal(clash, username);
        }
        throw error;
      }
    }
  }

  async update(actor: Actor, { id, patch: raw }: UpdateUser, requestId?: string): Promise<UserView> {
    const before = await this.access.manageable(actor, id);
    const patch = normalizeIdentity(raw);
    const issues = patchIssues(before.role, before.profile, patch);
    if (issues.length) throw new ServiceFailure('validation_failed', { issues });
    // Sources stay in their lanes: what the account's feed owns is corrected at the source, not here.
    const overwritten = feedOwnedIssues({ source: before.source, feedFields: before.feed_fields }, changedFields(before, patch), 'patch.');
    if (overwritten.length) throw new ServiceFailure('validation_failed', { issues: overwritten });

    const changes: AccountUpdate = {};
    if (patch.username !== undefined && patch.username !== before.username) {
      const skeleton = loginSkeleton(patch.username);
      await this.assertLoginFree(patch.username, skeleton, id);
      Object.assign(changes, { username: patch.username, username_skeleton: skeleton, username_skeleton_rank: 0 });
    }
    if (patch.firstName !== undefined) changes.first_name = patch.firstName || null;
    if (patch.lastName !== undefined) changes.last_name = patch.lastName || null;
    if (patch.displayName !== undefined) changes.display_name = patch.displayName || null;
    if (patch.email !== undefined) changes.email = patch.email || null;
    if (patch.profile !== undefined) changes.profile = patch.profile;
    if (patch.externalId !== undefined) {
      changes.external_id = patch.externalId;
      changes.source = patch.externalId ? (before.source ?? 'manual') : null;
    }
    if (patch.managedBy !== undefined) {
      // Reassigning a supervisor is the manager's decision (SPEC §2).
      if (!canReassign(actor)) throw new ServiceFailure('forbidden');
      await this.assertActiveAdministrator(patch.managedBy);
      changes.managed_by = patch.managedBy;
    }

    const currentSchools = before.schools.filter((s) => !s.inherited).map((s) => s.id);
    let schoolIds: string[] | undefined;
    if (patch.schoolIds !== undefined) {
      if (before.role === 'administrator' && !canReassign(actor)) throw new ServiceFailure('forbidden');
      const merged = mergeSchoolsWithinScope(actor, currentSchools, patch.schoolIds);
      if (!merged) throw new ServiceFailure('forbidden');
      schoolIds = merged;
    }
    const children = patch.childIds !== undefined ? await this.children(actor, patch.childIds) : undefined;
    const ownClasses = before.classes.filter((c) => !c.inherited);
    const classIds = patch.classIds ?? (schoolIds ? ownClasses.filter((c) => schoolIds!.includes(c.schoolId)).map((c) => c.id) : undefined);
    await this.assertSchoolsAndClasses(schoolIds ?? currentSchools, classIds ?? []);

    const revoke = roleChanged(before, changes);
    try {
      const after = await this.changes.record(async ({ trx, audit, event }) => {
        if (Object.keys(changes).length) await this.accounts.update(id, changes, trx);
        if (revoke) await this.accounts.revokeCredentials(id, trx);
        if (schoolIds) await this.memberships.replaceSchools(id, schoolIds, trx);
        if (classIds) await this.memberships.replaceClasses(id, classIds, trx);
        if (children) await this.memberships.replaceChildren(id, children.map((c) => c.id), trx);
        // What relatives inherit follows their links and their children's schools and classes.
        if (children || schoolIds || classIds) {
          const relatives = before.profile === 'relative' ? [id] : await this.memberships.relativesOf([id], trx);
          await this.memberships.refreshRelatives(relatives, trx);
        }
        const details = (await this.accounts.findDetails(id, trx))!;
        await audit({
          actorId: actor.id,
          action: 'user.update',
          targetId: id,
          before: auditSnapshot(before),
          after: auditSnapshot(details),
          requestId,
        });
        await event(IdentityEvents.userUpdated, { ...eventRef(details, actor.id), fields: Object.keys(raw) });
        return details;
      });
      if (revoke) this.actors.forgetAccount(id);
      return this.access.view(actor, after);
    } catch (error) {
      const clash = loginViolation(error);
      if (clash) throw loginRefusal(clash, patch.username ?? '');
      throw error;
    }
  }

  /** An administrator or the manager sets a password; they must then tell the user (a letter can). */
  async setPassword(actor: Actor, id: string, password: string, requestId?: string): Promise<void> {
    const account = await this.access.manageable(actor, id);
    await this.passwords.assertAcceptable(password, account.username);
    const passwordHash = await this.passwords.hash(password);
    await this.changes.record(async ({ trx, audit, event }) => {
      await this.accounts.update(id, { password_hash: passwordHash }, trx);
      await this.accounts.revokeCredentials(id, trx);
      await audit({ actorId: actor.id, action: 'user.set-password', targetId: id, requestId });
      await event(IdentityEvents.userPasswordChanged, {
        ...eventRef(account, actor.id),
        email: account.email,
        displayName: account.display_name || defaultDisplayName(account.first_name, account.last_name, account.username),
        locale: account.locale,
      });
    });
    this.actors.forgetAccount(id);
  }

  /** A supervisor's administrator: chosen by the manager, the creator itself for an administrator. */
  private async supervisorManager(actor: Actor, input: CreateUser): Promise<string | null> {
    if (input.role !== 'supervisor') return null;
    if (actor.role === 'administrator') {
      if (input.managedBy && input.managedBy !== actor.id) throw new ServiceFailure('forbidden');
      return actor.id;
    }
    if (!input.managedBy) throw invalidField('managedBy', 'managed_by.required');
    await this.assertActiveAdministrator(input.managedBy);
    return input.managedBy;
  }

  private async assertActiveAdministrator(id: string): Promise<void> {
    const [candidate] = await this.accounts.subjects([id]);
    if (!candidate || candidate.role !== 'administrator' || candidate.deactivated) {
      throw invalidField('managedBy', 'managed_by.not_an_administrator');
    }
  }

  /** Students a relative is linked to: they must exist, be students, and be manageable by the actor. */
  private async children(actor: Actor, ids: readonly string[]) {
    const unique = [...new Set(ids)];
    const found = await this.accounts.subjects(unique);
    if (found.length !== unique.length || found.some((c) => c.profile !== 'student')) {
      throw invalidField('childIds', 'children.not_students');
    }
    if (found.some((c) => !canManage(actor, c))) throw new ServiceFailure('forbidden');
    return found;
  }

  private async assertSchoolsAndClasses(schoolIds: readonly string[], classIds: readonly string[]): Promise<void> {
    const unknown = await this.schools.unknownSchools(schoolIds);
    if (unknown.length) throw invalidField('schoolIds', 'school.unknown', { id: unknown[0] });
    const classes = await this.schools.classesByIds([...new Set(classIds)]);
    if (classes.length !== new Set(classIds).size) throw invalidField('classIds', 'class.unknown');
    const outside = classes.find((c) => !schoolIds.includes(c.school_id));
    if (outside) throw invalidField('classIds', 'class.not_in_school', { name: outside.name });
  }

  private async hashFor(password: string | undefined, username: string | undefined): Promise<string | null> {
    if (!password) return null;
    if (username) await this.passwords.assertAcceptable(password, username);
    return this.passwords.hash(password);
  }

  /** Refuses a login in use, or one that looks like a login in use (without saying which). */
  private async assertLoginFree(username: string, skeleton: string, exceptId?: string): Promise<void> {
    const clash = await this.accounts.loginClash(username, skeleton, exceptId);
    if (clash) throw loginRefusal(clash, username);
  }

  /** `firstname.lastname`, or the first `firstname.lastnameN` neither in use nor looking like a login in use. */
  private async freeLogin(firstName: string, lastName: string): Promise<string> {
    const base = loginBase(firstName, lastName);
    if (!base) throw invalidField('username', 'username.cannot_generate');
    const taken = await this.accounts.usernamesStartingWith(base);
    // Generated logins are ASCII: the skeleton of base + suffix starts with the skeleton of base.
    const lookalikes = await this.accounts.skeletonsStartingWith(loginSkeleton(base));
    for (let n = 1; ; n++) {
      const candidate = loginCandidate(base, n);
      if (!taken.has(candidate) && !lookalikes.has(loginSkeleton(candidate))) return candidate;
    }
  }
}
