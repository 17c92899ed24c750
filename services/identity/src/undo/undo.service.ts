import { Injectable, Logger } from '@nestjs/common';
import { mayUndo } from '@sesame/account-rules';
import { IdentityEvents, ServiceFailure, type UndoBlocker, type UndoPreview, type UndoResult } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { ChangeRecorder } from '../audit/change-recorder';
import { OperationRow, UndoRepository } from './undo.repository';

type Kind = 'import' | 'feed';

/**
 * Undo of a confirmed CSV import or an applied feed (issue 16): what it created is removed, what it
 * changed restored from the record kept at apply time. Accounts activated, distributed or edited
 * since block it; the caller may then undo the rest. Once only, all in one transaction.
 */
@Injectable()
export class UndoService {
  private readonly logger = new Logger(UndoService.name);

  constructor(
    private readonly repository: UndoRepository,
    private readonly changes: ChangeRecorder,
  ) {}

  async preview(actor: Actor, kind: Kind, id: string): Promise<UndoPreview> {
    const op = this.allowed(actor, await this.repository.operation(id, kind));
    if (op.expired_at && !op.undone_at) throw conflict('undo_expired', { expiredAt: op.expired_at.toISOString() });
    const { counts, blockers } = op.undone_at ? { counts: { toRemove: 0, toRestore: 0, blocked: 0 }, blockers: [] } : await this.repository.survey(op);
    return {
      operationId: op.operation_id,
      kind: op.kind,
      confirmedBy: op.actor_id,
      appliedAt: op.applied_at.toISOString(),
      ...counts,
      classes: op.classes_created.length,
      blockers,
      undoneAt: op.undone_at?.toISOString() ?? null,
      partial: op.partial,
    };
  }

  async undo(actor: Actor, kind: Kind, id: string, skipBlocked: boolean, requestId?: string): Promise<UndoResult> {
    const started = Date.now();
    this.allowed(actor, await this.repository.operation(id, kind));
    const result = await this.changes.record(async ({ trx, audit, event, eventsWritten }) => {
      // Locked: two undos of one operation wait for each other, and the second finds it undone.
      const op = this.allowed(actor, await this.repository.operation(id, kind, trx, { lock: true }));
      if (op.undone_at) throw conflict('already_undone', { undoneAt: op.undone_at.toISOString() });
      if (op.expired_at) throw conflict('undo_expired', { expiredAt: op.expired_at.toISOString() });
      await this.repository.collectTargets(trx, op, { lock: true });
      const { blocked } = await this.repository.counts(trx);
      const blockers = blocked ? await this.repository.blockers(trx) : [];
      if (blocked && !skipBlocked) throw conflict('undo_blocked', { blocked, blockers: listed(blockers, blocked) });

      const requestTag = requestId ?? `undo:${id}`;
      const gone = await this.repository.removeCreated(trx, actor.id, requestTag);
      const back = await this.repository.restoreChanged(trx, actor.id, requestTag);
      eventsWritten(gone.events + back.events);
      const classesRemoved = await this.repository.removeEmptyClasses(trx, op);
      const undoneAt = await this.repository.markUndone(trx, op, actor.id, blocked > 0);
      const outcome = { removed: gone.removed, restored: back.restored, blocked, classesRemoved };
      await audit({ actorId: actor.id, action: 'import.undo', targetId: op.operation_id, after: { kind: op.kind, ...outcome, blockedIds: blockers.map((b) => b.id) }, requestId });
      await event(IdentityEvents.importUndone, { operationId: op.operation_id, kind: op.kind, removed: gone.removed, restored: back.restored, blocked, actorId: actor.id });
      return { operationId: op.operation_id, kind: op.kind, ...outcome, blockers, partial: blocked > 0, undoneAt: undoneAt.toISOString() };
    });
    this.logger.log({ operationId: id, kind, removed: result.removed, restored: result.restored, blocked: result.blocked, ms: Date.now() - started }, 'Operation undone');
    return result;
  }

  /** The person who confirmed, or the manager; an operation nobody recorded (or of another kind) is not found. */
  private allowed(actor: Actor, op: OperationRow | undefined): OperationRow {
    if (!op) throw new ServiceFailure('not_found');
    if (!mayUndo(actor, op.actor_id)) throw new ServiceFailure('forbidden');
    return op;
  }
}

/** The first blockers' logins, for the refusal's message (the preview lists them with their reasons). */
function listed(blockers: readonly UndoBlocker[], total: number): string {
  const names = blockers.slice(0, 20).map((b) => b.username);
  return total > names.length ? `${names.join(', ')} …` : names.join(', ');
}

function conflict(reason: string, params: Record<string, string | number> = {}): ServiceFailure {
  return new ServiceFailure('conflict', { params: { reason, ...params } });
}
