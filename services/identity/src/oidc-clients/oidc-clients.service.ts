import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { mayEver } from '@sesame/account-rules';
import { CreateOidcClient, IdentityEvents, OidcClientView, ServiceFailure, UpdateOidcClientSchema } from '@sesame/contracts';
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { ChangeRecorder } from '../audit/change-recorder';
import type { Db } from '../database/database.module';
import type { OidcClientRow } from '../database/schema';
import { SchoolsRepository } from '../schools/schools.repository';
import { OidcClientsRepository } from './oidc-clients.repository';
import {
  ClientSettings,
  auditSnapshot,
  auditTarget,
  changedFields,
  clientIssues,
  clientRef,
  clientView,
  columnsOf,
  hashClientSecret,
  normalizedSettings,
  settingsOf,
} from './oidc-clients.rules';

export interface ClientWithSecret {
  client: OidcClientView;
  /** Given this once: only its hash is kept. */
  clientSecret: string | null;
}

/** 256 random bits: a hash of it cannot be guessed back, so its SHA-256 is all that is kept. */
const newSecret = () => randomBytes(32).toString('base64url');

/**
 * The manager's registrations of relying parties (issue 17): the tools that may sign the académie's
 * users in with identity's OpenID Connect provider. Each change is audited and published with it;
 * a secret is shown once and kept as its hash, in neither the audit log nor the events.
 */
@Injectable()
export class OidcClientsService {
  constructor(
    private readonly repository: OidcClientsRepository,
    private readonly schools: SchoolsRepository,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(actor: Actor): Promise<{ items: OidcClientView[] }> {
    this.mayRegister(actor);
    return { items: (await this.repository.list()).map(clientView) };
  }

  async get(actor: Actor, clientId: string): Promise<OidcClientView> {
    this.mayRegister(actor);
    const row = await this.repository.findByClientId(clientId);
    if (!row) throw new ServiceFailure('not_found');
    return clientView(row);
  }

  /** A new client, with a secret unless it is public. */
  async create(actor: Actor, input: CreateOidcClient, requestId?: string): Promise<ClientWithSecret> {
    this.mayRegister(actor);
    const settings = normalizedSettings(input);
    await this.refuseInvalid(settings, true);
    const clientId = randomUUID();
    const clientSecret = settings.kind === 'public' ? null : newSecret();
    const row = await this.changes.record(async ({ trx, audit, event }) => {
      const created = await this.repository.insert(trx, clientId, clientSecret === null ? null : hashClientSecret(clientSecret), columnsOf(settings));
      await audit({ actorId: actor.id, action: 'oidc-client.register', targetId: auditTarget(clientId), after: auditSnapshot(created), requestId });
      await event(IdentityEvents.oidcClientRegistered, clientRef(created, actor.id));
      return created;
    });
    return { client: clientView(row), clientSecret };
  }

  /** Changes what is sent (the kind stays); the whole registration must still be valid. Nothing changed: nothing written. */
  async update(actor: Actor, input: z.output<typeof UpdateOidcClientSchema>, requestId?: string): Promise<OidcClientView> {
    this.mayRegister(actor);
    const { clientId, ...patch } = input;
    const row = await this.changes.record(async ({ trx, audit, event }) => {
      const before = await this.registered(trx, clientId);
      const current = settingsOf(before);
      const next = normalizedSettings({ ...current, ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) });
      const fields = changedFields(current, next);
      if (fields.length === 0) return before;
      await this.refuseInvalid(next, fields.includes('allowedSchoolIds'));
      const after = await this.repository.update(trx, clientId, columnsOf(next));
      await audit({ actorId: actor.id, action: 'oidc-client.update', targetId: auditTarget(clientId), before: auditSnapshot(before), after: auditSnapshot(after), requestId });
      await event(IdentityEvents.oidcClientUpdated, { ...clientRef(after, actor.id), fields });
      return after;
    });
    return clientView(row);
  }

  /** A new secret for a confidential or machine client: the previous one stops authenticating it. */
  async rotateSecret(actor: Actor, clientId: string, requestId?: string): Promise<ClientWithSecret> {
    this.mayRegister(actor);
    const clientSecret = newSecret();
    const row = await this.changes.record(async ({ trx, audit, event }) => {
      const before = await this.registered(trx, clientId);
      if (before.kind === 'public') throw new ServiceFailure('conflict', { params: { reason: 'oidc_client_public' } });
      const after = await this.repository.setSecretHash(trx, clientId, hashClientSecret(clientSecret));
      await audit({ actorId: actor.id, action: 'oidc-client.rotate-secret', targetId: auditTarget(clientId), after: { clientId, name: after.name, kind: after.kind }, requestId });
      await event(IdentityEvents.oidcClientSecretRotated, clientRef(after, actor.id));
      return after;
    });
    return { client: clientView(row), clientSecret };
  }

  /** Removes a client with the grants and tokens the provider issued to it. */
  async delete(actor: Actor, clientId: string, requestId?: string): Promise<{ done: true }> {
    this.mayRegister(actor);
    await this.changes.record(async ({ trx, audit, event }) => {
      const before = await this.registered(trx, clientId);
      const issuedRemoved = await this.repository.delete(trx, clientId);
      await audit({ actorId: actor.id, action: 'oidc-client.delete', targetId: auditTarget(clientId), before: auditSnapshot(before), after: { issuedRemoved }, requestId });
      await event(IdentityEvents.oidcClientDeleted, clientRef(before, actor.id));
    });
    return { done: true };
  }

  private mayRegister(actor: Actor): void {
    if (!mayEver(actor.role, 'registerOidcClients')) throw new ServiceFailure('forbidden');
  }

  /** The registration, locked for the change; not_found when there is none. */
  private async registered(trx: Db, clientId: string): Promise<OidcClientRow> {
    const row = await this.repository.lockByClientId(trx, clientId);
    if (!row) throw new ServiceFailure('not_found');
    return row;
  }

  /** The rules' issues, and schools that do not exist (when the list is new). */
  private async refuseInvalid(settings: ClientSettings, checkSchools: boolean): Promise<void> {
    const issues = clientIssues(settings);
    if (checkSchools && (await this.schools.unknownSchools(settings.allowedSchoolIds)).length) issues.push({ field: 'allowedSchoolIds', code: 'school.unknown' });
    if (issues.length) throw new ServiceFailure('validation_failed', { issues });
  }
}
