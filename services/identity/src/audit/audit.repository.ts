import { Injectable } from '@nestjs/common';
import type { Db } from '../database/database.module';

export interface AuditEntry {
  actorId: string | null;
  /** `user.create`, `user.update`, `user.deactivate` … */
  action: string;
  targetId: string | null;
  /** Snapshots without secrets (see auditSnapshot). */
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

/** Who changed what, when, before and after. Written in the transaction of the change. */
@Injectable()
export class AuditRepository {
  async record(trx: Db, entry: AuditEntry): Promise<void> {
    await this.recordMany(trx, [entry]);
  }

  async recordMany(trx: Db, entries: AuditEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 1000) {
      await trx
        .insertInto('audit_log')
        .values(
          entries.slice(i, i + 1000).map((entry) => ({
            actor_id: entry.actorId,
            action: entry.action,
            target_id: entry.targetId,
            before: entry.before === undefined ? null : JSON.stringify(entry.before),
            after: entry.after === undefined ? null : JSON.stringify(entry.after),
            request_id: entry.requestId ?? null,
          })),
        )
        .execute();
    }
  }
}
