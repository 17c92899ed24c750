import { Inject, Injectable, Logger } from '@nestjs/common';
import { IdentityImportRpc, ImporterEvents, StagedAccount } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { recordEvent } from '@sesame/outbox';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { IdentityClient, IdentityCommitClient } from '../identity/identity.clients';
import { OutboxService } from '../outbox/outbox.module';
import { ImportsRepository } from '../records/imports.repository';
import type { ImportRow } from '../rows/row.rules';

/** Staging commands sent to identity before waiting for the oldest one's answer. */
const STAGE_CALLS_IN_FLIGHT = 2;

/** A stored valid row as identity receives it: the hash, never a password. */
export function toStagedAccount(line: number, row: ImportRow, passwordHash: string | null, defaultUai: string | null): StagedAccount {
  const role = row.role ?? 'member';
  return {
    line,
    username: row.userName,
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: row.displayName,
    email: row.email,
    role,
    profile: role === 'member' ? row.profile : null,
    passwordHash,
    school: row.school ?? (role === 'member' ? defaultUai : null),
    classes: row.classes,
    externalId: row.externalId,
  };
}

/**
 * A confirmed import (SPEC §5): the valid rows go to identity in chunks (staged there, idempotent by
 * line), then one commit creates them all in one transaction. A crash anywhere leaves every account
 * or none; the job then runs again from the start and the commit answers its first result.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
    private readonly imports: ImportsRepository,
    private readonly identity: IdentityClient,
    private readonly commits: IdentityCommitClient,
    private readonly outbox: OutboxService,
  ) {}

  /** `delegation`: identity's, for staging and committing this import only (see DelegationsService). */
  async run(importId: string, delegation: string): Promise<void> {
    const record = await this.imports.find(importId);
    if (!record || record.status !== 'importing') return;
    const context: CallContext = { delegation, requestId: importId };
    const started = Date.now();
    // Supervisors of an administrator's upload stay theirs, whoever confirms.
    const administratorId = record.uploader_role === 'administrator' ? record.uploader_id : record.administrator_id;
    const total = record.valid_rows;

    await this.imports.setProgress(importId, 'staging', 0);
    let staged = 0;
    let committed = false;
    // A few chunks travel at once: the importer reads and encodes the next while identity writes one.
    const pending: Array<Promise<void>> = [];
    let next = this.imports.validRows(importId, 0, this.config.IMPORT_CHUNK_ROWS);
    for (;;) {
      const rows = await next;
      if (rows.length === 0 || committed) break;
      next = this.imports.validRows(importId, rows[rows.length - 1].line, this.config.IMPORT_CHUNK_ROWS);
      next.catch(() => undefined);
      const sent = this.identity
        .call(
          IdentityImportRpc.stage,
          { importId, administratorId, rows: rows.map((r) => toStagedAccount(r.line, r.row, r.password_hash, record.default_school_uai)) },
          context,
        )
        .then(async (answer) => {
          if (answer.committed) committed = true;
          else await this.imports.setProgress(importId, 'staging', (staged += rows.length));
        });
      sent.catch(() => undefined);
      pending.push(sent);
      if (pending.length >= STAGE_CALLS_IN_FLIGHT) await pending.shift();
    }
    await next.catch(() => undefined);
    for (const sent of pending) await sent;

    await this.imports.setProgress(importId, 'committing', 0);
    const result = await this.commits.call(IdentityImportRpc.commit, { importId, rows: total }, context);
    if (!result.committed) {
      await this.imports.setCheckErrors(
        importId,
        result.conflicts.map((c) => ({
          line: c.line,
          issues: [{ line: c.line, column: c.column, value: c.value, code: c.column === 'externalId' ? 'external_id.taken' : c.reason === 'lookalike' ? 'username.lookalike' : 'username.taken' }],
        })),
      );
      const counts = await this.imports.counts(importId);
      await this.imports.update(importId, {
        status: 'failed',
        phase: 'done',
        valid_rows: counts.valid,
        error_count: counts.issues,
        failure: { code: 'failure.conflicts', params: { count: result.conflicts.length } },
      });
      return;
    }
    await this.imports.transaction(async (trx) => {
      const completedAt = await this.imports.markDone(trx, importId, result.created, result.newClasses);
      if (!completedAt) return;
      await recordEvent(trx, ImporterEvents.importCompleted, {
        importId,
        actorId: record.confirmed_by ?? record.uploader_id,
        fileName: record.file_name,
        created: result.created,
        newClasses: result.newClasses.length,
        completedAt: completedAt.toISOString(),
      });
    });
    this.outbox.flushSoon();
    this.logger.log({ importId, created: result.created, ms: Date.now() - started }, 'Import done');
  }

  /** Ends an import that cannot complete; nothing was created (the commit is all or nothing). */
  async giveUp(importId: string, code: string): Promise<void> {
    const record = await this.imports.find(importId);
    if (!record || record.status !== 'importing') return;
    await this.imports.update(importId, { status: 'failed', phase: 'done', failure: { code } });
  }
}
