import { Inject, Injectable, Logger } from '@nestjs/common';
import { canImport, loginSkeleton, normalizeUsername } from '@sesame/account-rules';
import {
  CommitResult,
  ImportCheck,
  ImportCheckResult,
  ServiceFailure,
  StageImport,
  invalidField,
} from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { generateActivationCode } from '../accounts/activation-codes';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { feedKeyIssues, mayImportRow, stagedRowIssues, supervisorsManager } from './import-rows.rules';
import { ImportsRepository } from './imports.repository';
import { ChangeRecorder } from '../audit/change-recorder';
import { recordImportForUndo } from '../undo/undo-records';

/** `source` of imported accounts that carry an externalId (unique per source). */
export const IMPORT_SOURCE = 'import';

/**
 * Identity's side of a CSV import: read-only checks during the validation, staging of validated
 * rows chunk by chunk, then one transaction that creates them all (SPEC §5: all or nothing,
 * idempotent when retried).
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly changes: ChangeRecorder,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly imports: ImportsRepository,
  ) {}

  async check(actor: Actor, input: ImportCheck): Promise<ImportCheckResult> {
    if (!canImport(actor)) throw new ServiceFailure('forbidden');
    const schools = await this.imports.schools([...new Set(input.uais)], [...new Set(input.schoolIds)]);
    const usernames = [...new Set(input.usernames.map(normalizeUsername))];
    return {
      takenUsernames: await this.imports.takenUsernames(usernames),
      lookalikeUsernames: await this.imports.lookalikeUsernames(usernames.map((username) => ({ username, skeleton: loginSkeleton(username) }))),
      takenExternalIds: await this.imports.takenExternalIds(IMPORT_SOURCE, [...new Set(input.externalIds)]),
      schools: schools.map((s) => ({ ...s, inScope: actor.role === 'manager' || actor.schoolIds.includes(s.id) })),
      existingClasses: await this.imports.existingClasses(input.classes),
      administratorActive: input.administratorId ? await this.imports.isActiveAdministrator(input.administratorId) : null,
    };
  }

  async stage(actor: Actor, input: StageImport): Promise<{ staged: number; committed: boolean }> {
    if (!canImport(actor)) throw new ServiceFailure('forbidden');
    if (await this.imports.commitOf(input.importId)) return { staged: 0, committed: true };
    const stagedBy = await this.imports.stagingActor(input.importId);
    if (stagedBy && stagedBy !== actor.id) throw new ServiceFailure('forbidden');

    const externalIds = [...new Set(input.rows.map((r) => r.externalId).filter((id): id is string => id !== null))];
    const feedKeys = new Map((await this.imports.feedOwnedExternalIds(externalIds)).map((k) => [k.external_id, k.source]));
    const issues = [...input.rows.flatMap(stagedRowIssues), ...feedKeyIssues(input.rows, feedKeys)];
    if (issues.length) throw new ServiceFailure('validation_failed', { issues: issues.slice(0, 100) });

    let managedBy: string | null = null;
    if (input.rows.some((r) => r.role === 'supervisor')) {
      const choice = supervisorsManager(actor, input.administratorId);
      if (choice.refusal === 'forbidden') throw new ServiceFailure('forbidden');
      if (choice.refusal) throw invalidField('administratorId', choice.refusal);
      if (actor.role === 'manager' && !(await this.imports.isActiveAdministrator(choice.managedBy!))) {
        throw invalidField('administratorId', 'managed_by.not_an_administrator');
      }
      managedBy = choice.managedBy;
    }

    const uais = [...new Set(input.rows.map((r) => r.school).filter((u): u is string => u !== null))];
    const schoolByUai = new Map((await this.imports.schools(uais, [])).map((s) => [s.uai, s.id]));
    const rows = input.rows.map((row) => {
      const schoolId = row.school ? schoolByUai.get(row.school) : null;
      if (schoolId === undefined) throw invalidField(`rows.${row.line}.school`, 'school.unknown', { uai: row.school! });
      if (!mayImportRow(actor, { role: row.role, schoolId }, managedBy)) throw new ServiceFailure('forbidden');
      // Each class once: the commit links accounts to classes without checking for duplicates.
      return { ...row, classes: [...new Set(row.classes)], schoolId, activationCode: generateActivationCode(), usernameSkeleton: loginSkeleton(row.username) };
    });
    await this.imports.stage(input.importId, actor.id, managedBy, rows);
    return { staged: rows.length, committed: false };
  }

  async commit(actor: Actor, importId: string, expectedRows: number, requestId?: string): Promise<CommitResult> {
    if (!canImport(actor)) throw new ServiceFailure('forbidden');
    const started = Date.now();
    const { answer, createdNow } = await this.changes.record(async ({ trx, eventsWritten }): Promise<{ answer: CommitResult; createdNow: number }> => {
      await this.imports.lockImport(trx, importId);
      const done = await this.imports.commitOf(importId, trx);
      if (done) {
        if (done.actor_id !== actor.id && actor.role !== 'manager') throw new ServiceFailure('forbidden');
        const answer = { committed: true as const, created: done.created, newClasses: done.new_classes, committedAt: done.committed_at.toISOString() };
        return { answer, createdNow: 0 };
      }
      const staged = await this.imports.stagedCounts(trx, importId, actor.id);
      if (staged.foreign > 0) throw new ServiceFailure('forbidden');
      if (staged.rows !== expectedRows) {
        throw new ServiceFailure('conflict', { params: { reason: 'import_incomplete', staged: staged.rows, expected: expectedRows } });
      }
      // Rights may have changed since the rows were staged (a school removed, an administrator deactivated).
      if (await this.imports.outOfScopeRows(trx, importId, actor.role === 'manager' ? null : actor.schoolIds)) {
        throw new ServiceFailure('forbidden');
      }
      const conflicts = await this.imports.conflicts(trx, importId, IMPORT_SOURCE);
      if (conflicts.length) return { answer: { committed: false, conflicts }, createdNow: 0 };

      const newClasses = await this.imports.createClasses(trx, importId);
      const expires = new Date(Date.now() + this.config.ACTIVATION_CODE_TTL_DAYS * 86_400_000);
      // Audit rows and identity.user.created events are written by the same bulk statements.
      const created = await this.imports.createAccounts(trx, importId, actor.id, IMPORT_SOURCE, expires, requestId ?? importId);
      eventsWritten(created);
      await recordImportForUndo(trx, importId, actor.id);
      const committedAt = await this.imports.recordCommit(trx, importId, actor.id, created, newClasses);
      const answer = { committed: true as const, created, newClasses, committedAt: committedAt.toISOString() };
      return { answer, createdNow: created };
    });
    if (createdNow) {
      this.logger.log({ importId, created: createdNow, ms: Date.now() - started }, 'Import committed');
    }
    return answer;
  }
}
