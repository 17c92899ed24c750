import { RawBuilder, sql } from 'kysely';
import type { Db } from '../database/database.module';

/*
 * What an import or a feed records, in its own transaction, so that it can be undone (issue 16):
 * bulk statements only (a feed may touch a million accounts), called by the apply itself.
 */

/**
 * The account's columns kept in `before`: every stored column but those PostgreSQL computes, and the
 * password hash (a feed never changes it, and an undo must not copy a secret around).
 */
const NOT_RESTORED = sql`ARRAY['search', 'is_activated', 'has_email', 'is_deactivated', 'is_pre_deleted', 'sort_name', 'password_hash']`;

/** The account `a` as it is: its row, own and inherited schools and classes, and its relative links both ways. */
const accountState = sql`jsonb_build_object(
    'account', to_jsonb(a) - ${NOT_RESTORED},
    'schools', coalesce((SELECT jsonb_agg(jsonb_build_array(m.school_id, m.inherited) ORDER BY m.school_id) FROM account_schools m WHERE m.account_id = a.id), '[]'::jsonb),
    'classes', coalesce((SELECT jsonb_agg(jsonb_build_array(c.class_id, c.inherited) ORDER BY c.class_id) FROM account_classes c WHERE c.account_id = a.id), '[]'::jsonb),
    'children', coalesce((SELECT jsonb_agg(l.student_id ORDER BY l.student_id) FROM relative_links l WHERE l.relative_id = a.id), '[]'::jsonb),
    'parents', coalesce((SELECT jsonb_agg(l.relative_id ORDER BY l.relative_id) FROM relative_links l WHERE l.student_id = a.id), '[]'::jsonb))`;

/** The operation itself; `applied_at` is the transaction's time, that of every audit row the apply writes. */
async function recordOperation(trx: Db, operationId: string, kind: 'import' | 'feed', actorId: string): Promise<void> {
  await sql`
    INSERT INTO undo_operations (operation_id, kind, actor_id, applied_at) VALUES (${operationId}, ${kind}, ${actorId}, now())
    ON CONFLICT (operation_id) DO NOTHING`.execute(trx);
}

/**
 * Classes take their creation time from their transaction (DEFAULT now()): those stamped with this
 * one's were created by this apply, whichever of its statements did it.
 */
async function recordCreatedClasses(trx: Db, operationId: string): Promise<void> {
  await sql`
    UPDATE undo_operations SET classes_created = ARRAY(SELECT id FROM classes WHERE created_at = now())
    WHERE operation_id = ${operationId}`.execute(trx);
}

async function recordCreated(trx: Db, operationId: string, kind: 'import' | 'feed', ids: RawBuilder<unknown>): Promise<void> {
  // Created accounts' updated_at is their insert's now().
  await sql`
    INSERT INTO undo_records (operation_id, kind, account_id, change, after_updated_at)
    SELECT ${operationId}::uuid, ${kind}, x.id, 'created', now() FROM (${ids}) AS x(id)`.execute(trx);
}

/** A CSV import creates accounts only (and maybe classes): call after its accounts are in, before its staging is deleted. */
export async function recordImportForUndo(trx: Db, importId: string, actorId: string): Promise<void> {
  await recordOperation(trx, importId, 'import', actorId);
  await recordCreated(trx, importId, 'import', sql`SELECT account_id FROM import_staging WHERE import_id = ${importId}`);
  await recordCreatedClasses(trx, importId);
}

/**
 * Before a feed's writes: the accounts it will change, as they are — those of its changes (but the
 * new ones), and the relatives whose inherited schools and classes it recomputes (of the students it
 * moves, links or lets leave, and those of the links it adds or removes). Their `after_updated_at` is
 * the apply's now(): each write of the apply stamps updated_at with it (or leaves an older one), so a
 * later value means a later write, without writing these rows again after the apply.
 */
export async function recordFeedBefore(trx: Db, feedId: string, actorId: string): Promise<void> {
  await recordOperation(trx, feedId, 'feed', actorId);
  await sql`
    WITH touched AS (
      SELECT account_id AS id FROM feed_changes WHERE feed_id = ${feedId} AND category <> 'new' AND account_id IS NOT NULL
      UNION
      SELECT l.relative_id FROM relative_links l
      WHERE l.student_id IN (SELECT account_id FROM feed_changes WHERE feed_id = ${feedId} AND category IN ('moved', 'links_added', 'leaver'))
      UNION
      SELECT r.id FROM feed_changes ch JOIN accounts r ON r.source = ch.source AND r.external_id = ch.after->>'relativeKey'
      WHERE ch.feed_id = ${feedId} AND ch.category = 'links_added'
      UNION
      SELECT (before->>'relativeId')::uuid FROM feed_changes WHERE feed_id = ${feedId} AND category = 'links_removed')
    INSERT INTO undo_records (operation_id, kind, account_id, change, before, after_updated_at)
    SELECT ${feedId}::uuid, 'feed', a.id, 'changed', ${accountState}, now()
    FROM accounts a WHERE a.id IN (SELECT id FROM touched)
      -- A new account's links are changes of its own: it is recorded as created, after the apply.
      AND NOT EXISTS (SELECT 1 FROM feed_changes n WHERE n.feed_id = ${feedId} AND n.category = 'new' AND n.account_id = a.id)`.execute(trx);
}

/** After a feed's writes: its new accounts and its classes. */
export async function recordFeedAfter(trx: Db, feedId: string): Promise<void> {
  await recordCreated(trx, feedId, 'feed', sql`SELECT account_id FROM feed_changes WHERE feed_id = ${feedId} AND category = 'new'`);
  await recordCreatedClasses(trx, feedId);
}
