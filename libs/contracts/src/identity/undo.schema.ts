import { z } from 'zod';
import { LONG_RPC_TIMEOUT_MS, defineRpc } from '../rpc';

/*
 * Undo of a confirmed CSV import or an applied feed (issue 16), by the person who confirmed it or
 * the manager: the accounts it created are removed, those it changed restored as they were.
 */

const isoDateTime = z.iso.datetime({ offset: true });

export const UNDO_KINDS = ['import', 'feed'] as const;
export const UndoKindSchema = z.enum(UNDO_KINDS);

/** Why an account stops the undo: activated, distributed or edited after the apply. */
export const UNDO_BLOCKING_REASONS = ['activated', 'distributed', 'edited'] as const;

export const UndoBlockerSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  reasons: z.array(z.enum(UNDO_BLOCKING_REASONS)).min(1),
});
export type UndoBlocker = z.infer<typeof UndoBlockerSchema>;

/** The blockers listed in previews and results: the first ones, by name (`blocked` counts them all). */
export const UNDO_BLOCKERS_LISTED = 200;

export const UndoPreviewSchema = z.object({
  operationId: z.uuid(),
  kind: UndoKindSchema,
  /** Who confirmed the import or the feed. */
  confirmedBy: z.uuid(),
  appliedAt: isoDateTime,
  /** Accounts it created that the undo removes (the blocked ones left out). */
  toRemove: z.number().int(),
  /** Accounts it changed that the undo restores (the blocked ones left out). */
  toRestore: z.number().int(),
  /** Classes it created, removed when no account is left in them. */
  classes: z.number().int(),
  blocked: z.number().int(),
  blockers: z.array(UndoBlockerSchema),
  /** Set once undone: an operation is undone once. */
  undoneAt: isoDateTime.nullable(),
  partial: z.boolean(),
});
export type UndoPreview = z.infer<typeof UndoPreviewSchema>;

export const UndoResultSchema = z.object({
  operationId: z.uuid(),
  kind: UndoKindSchema,
  removed: z.number().int(),
  restored: z.number().int(),
  classesRemoved: z.number().int(),
  blocked: z.number().int(),
  blockers: z.array(UndoBlockerSchema),
  partial: z.boolean(),
  undoneAt: isoDateTime,
});
export type UndoResult = z.infer<typeof UndoResultSchema>;

export const UndoOperationSchema = z.object({ kind: UndoKindSchema, id: z.uuid() });
/** Without `skipBlocked`, blockers refuse the whole undo (conflict `undo_blocked`); with it, the rest is undone. */
export const UndoOperationInputSchema = UndoOperationSchema.extend({ skipBlocked: z.boolean().default(false) });

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
export const IdentityUndoRpc = {
  preview: defineRpc('identity.undo.preview', UndoOperationSchema, UndoPreviewSchema),
  undo: defineRpc('identity.undo.apply', UndoOperationInputSchema, UndoResultSchema, { timeoutMs: LONG_RPC_TIMEOUT_MS }),
} as const;
