import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { mayEver } from '@sesame/account-rules';
import { CreateScimTarget, IdentityEvents, ReconcileResult, ScimTargetView, ServiceFailure, UpdateScimTarget, scimPushQueue } from '@sesame/contracts';
import { Broker } from '@sesame/messaging';
import { sql } from 'kysely';
import { Inject } from '@nestjs/common';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { Actor } from '../auth/actor';
import { ChangeRecorder } from '../audit/change-recorder';
import { DB, Db } from '../database/database.module';
import type { ScimTargetRow } from '../database/schema';
import { SchoolsRepository } from '../schools/schools.repository';
import { ScimPushConsumers } from './scim-push.consumers';
import { targetIssues } from './scim-push.rules';
import { ScimPushService, tokenContext } from './scim-push.service';
import { TargetError } from './scim-target.client';
import { ScimTargetsRepository, TargetColumns } from './scim-targets.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (value: Date | null) => (value ? value.toISOString() : null);
/** Users read from a target per page, and Sesame's accounts loaded at once, during a reconciliation. */
const PAGE = 200;

/** What the audit log keeps of a target: never its token. */
const snapshot = (row: ScimTargetRow) => ({ name: row.name, url: row.url, schoolIds: row.school_ids, profiles: row.profiles, enabled: row.enabled });

/**
 * The manager's downstream SCIM targets (issue 18): registered, changed and removed with an audit row
 * and an event each, their token sealed at rest and never given back; and their reconciliation, which
 * compares a target with Sesame and repairs the drift.
 */
@Injectable()
export class ScimTargetsService {
  private readonly logger = new Logger('ScimTargets');

  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly changes: ChangeRecorder,
    private readonly repository: ScimTargetsRepository,
    private readonly schools: SchoolsRepository,
    private readonly accounts: AccountsRepository,
    private readonly vault: ActivationCodeVault,
    private readonly push: ScimPushService,
    private readonly consumers: ScimPushConsumers,
    private readonly broker: Broker,
  ) {}

  private mayRegister(actor: Actor): void {
    if (!mayEver(actor.role, 'registerScimTargets')) throw new ServiceFailure('forbidden');
  }

  async list(actor: Actor): Promise<{ items: ScimTargetView[] }> {
    this.mayRegister(actor);
    return { items: await Promise.all((await this.repository.list()).map((row) => this.view(row))) };
  }

  async get(actor: Actor, id: string): Promise<ScimTargetView> {
    this.mayRegister(actor);
    return this.view(await this.existing(id));
  }

  async create(actor: Actor, input: CreateScimTarget, requestId?: string): Promise<ScimTargetView> {
    this.mayRegister(actor);
    const columns = { name: input.name, url: input.url, school_ids: [...new Set(input.schoolIds)], profiles: [...new Set(input.profiles)], enabled: input.enabled };
    await this.refuseInvalid(columns);
    const id = randomUUID();
    const row = await this.changes.record(async ({ trx, audit, event }) => {
      const created = await this.repository.insert(trx, id, columns, this.vault.seal(input.token, tokenContext(id)));
      await audit({ actorId: actor.id, action: 'scim-target.register', targetId: id, after: snapshot(created), requestId });
      await event(IdentityEvents.scimTargetRegistered, { targetId: id, name: created.name, url: created.url, actorId: actor.id });
      return created;
    });
    // Its queue exists before the next change is published: nothing made from now on is missed.
    await this.consumers.sync();
    return this.view(row);
  }

  async update(actor: Actor, input: UpdateScimTarget, requestId?: string): Promise<ScimTargetView> {
    this.mayRegister(actor);
    const row = await this.changes.record(async ({ trx, audit, event }) => {
      const before = await this.repository.lock(trx, input.id);
      if (!before) throw new ServiceFailure('not_found');
      const next: TargetColumns = {
        name: input.name ?? before.name,
        url: input.url ?? before.url,
        school_ids: input.schoolIds ? [...new Set(input.schoolIds)] : before.school_ids,
        profiles: input.profiles ? [...new Set(input.profiles)] : before.profiles,
        enabled: input.enabled ?? before.enabled,
      };
      const fields = (Object.keys(next) as Array<keyof TargetColumns>).filter((key) => JSON.stringify(next[key]) !== JSON.stringify(before[key]));
      const named = fields.map((key) => ({ name: 'name', url: 'url', school_ids: 'schoolIds', profiles: 'profiles', enabled: 'enabled' })[key]);
      if (input.token !== undefined) named.push('token');
      if (named.length === 0) return before;
      await this.refuseInvalid(next);
      const after = await this.repository.update(trx, input.id, { ...next, ...(input.token !== undefined ? { token_sealed: this.vault.seal(input.token, tokenContext(input.id)) } : {}) });
      await audit({ actorId: actor.id, action: 'scim-target.update', targetId: input.id, before: snapshot(before), after: { ...snapshot(after), tokenReplaced: input.token !== undefined }, requestId });
      await event(IdentityEvents.scimTargetUpdated, { targetId: after.id, name: after.name, url: after.url, actorId: actor.id, fields: named.sort() });
      return after;
    });
    await this.consumers.sync();
    return this.view(row);
  }

  async delete(actor: Actor, id: string, requestId?: string): Promise<{ done: true }> {
    this.mayRegister(actor);
    const row = await this.changes.record(async ({ trx, audit, event }) => {
      const before = await this.repository.lock(trx, id);
      if (!before) throw new ServiceFailure('not_found');
      await this.repository.delete(trx, id);
      await audit({ actorId: actor.id, action: 'scim-target.delete', targetId: id, before: snapshot(before), requestId });
      await event(IdentityEvents.scimTargetDeleted, { targetId: id, name: before.name, url: before.url, actorId: actor.id });
      return before;
    });
    await this.consumers.forget(row);
    return { done: true };
  }

  /** Starts a reconciliation in the background (one at a time per target); the view says when it ends. */
  async startReconcile(actor: Actor, id: string): Promise<ScimTargetView> {
    this.mayRegister(actor);
    const target = await this.existing(id);
    if (!(await this.repository.startReconcile(id))) throw new ServiceFailure('conflict', { params: { reason: 'scim_reconcile_running' } });
    void this.reconcile(target).catch((error) => this.logger.error({ err: error, targetId: id }, 'SCIM reconciliation failed'));
    return this.view(await this.existing(id));
  }

  /**
   * Compares a target with Sesame and repairs the drift: the target's users carrying a Sesame id
   * (their externalId) are made to match (updated, deactivated, deleted); Sesame's accounts the target
   * should hold and lacks are created. Users the target made itself (no Sesame id) are left alone.
   */
  async reconcile(target: ScimTargetRow): Promise<ReconcileResult> {
    const result: ReconcileResult = { created: 0, updated: 0, deactivated: 0, deleted: 0, unchanged: 0, failed: 0 };
    const count = (outcome: keyof ReconcileResult) => (result[outcome] += 1);
    try {
      const client = this.push.client(target);
      const remote = new Map<string, Awaited<ReturnType<typeof client.page>>['users'][number]>();
      for (let start = 1; ; start += PAGE) {
        const page = await client.page(start, PAGE);
        for (const user of page.users) if (user.externalId && UUID.test(user.externalId)) remote.set(user.externalId, user);
        if (page.users.length === 0 || start + page.users.length > page.total) break;
      }
      const held = await this.accountsFor(target);
      const ids = [...new Set([...remote.keys(), ...held])];
      for (let i = 0; i < ids.length; i += PAGE) {
        const chunk = ids.slice(i, i + PAGE);
        const details = new Map((await this.accounts.findManyDetails(chunk)).map((account) => [account.id, account]));
        for (const accountId of chunk) {
          const account = details.get(accountId);
          try {
            count(await this.push.apply(target, client, accountId, account, this.push.wanted(target, account), remote.get(accountId)));
          } catch (error) {
            if (!(error instanceof TargetError)) throw error;
            count('failed');
            await this.repository.failedOnce(target.id, error.message);
          }
        }
      }
      await this.repository.finishReconcile(target.id, result, null);
      return result;
    } catch (error) {
      await this.repository.finishReconcile(target.id, result, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** Sesame's accounts a target holds, active or not: members of its schools and profiles, not pre-deleted. */
  private async accountsFor(target: ScimTargetRow): Promise<string[]> {
    const profiles = target.profiles.length ? sql`AND a.profile = ANY(${target.profiles}::text[])` : sql``;
    const schools = target.school_ids.length ? sql`AND a.id IN (SELECT s.account_id FROM account_schools s WHERE s.school_id = ANY(${target.school_ids}::uuid[]))` : sql``;
    const rows = await sql<{ id: string }>`SELECT a.id FROM accounts a WHERE a.role = 'member' AND a.pre_deleted_at IS NULL AND a.deactivated_at IS NULL ${profiles} ${schools} ORDER BY a.id`.execute(this.db);
    return rows.rows.map((row) => row.id);
  }

  private async existing(id: string): Promise<ScimTargetRow> {
    const row = await this.repository.find(id);
    if (!row) throw new ServiceFailure('not_found');
    return row;
  }

  private async refuseInvalid(columns: TargetColumns): Promise<void> {
    const issues = targetIssues(columns.url);
    const known = await this.schools.list(columns.school_ids);
    columns.school_ids.forEach((id, i) => {
      if (!known.some((school) => school.id === id)) issues.push({ field: `schoolIds.${i}`, code: 'scim_target.unknown_school' });
    });
    if (issues.length) throw new ServiceFailure('validation_failed', { issues });
  }

  async view(row: ScimTargetRow): Promise<ScimTargetView> {
    const depth = await this.broker.depth(scimPushQueue(row.id));
    return {
      id: row.id,
      name: row.name,
      url: row.url,
      schoolIds: row.school_ids,
      profiles: row.profiles as ScimTargetView['profiles'],
      enabled: row.enabled,
      delivery: {
        lastDeliveredAt: iso(row.last_delivered_at),
        delivered: Number(row.delivered),
        failed: Number(row.failed),
        lastError: row.last_error_at && row.last_error ? { at: row.last_error_at.toISOString(), message: row.last_error } : null,
        waiting: depth.waiting,
        deadLetters: depth.dead,
      },
      reconcile: row.reconcile_started_at
        ? { startedAt: row.reconcile_started_at.toISOString(), finishedAt: iso(row.reconcile_finished_at), result: (row.reconcile_result as ReconcileResult | null) ?? null, error: row.reconcile_error }
        : null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}
