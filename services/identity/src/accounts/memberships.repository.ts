import { Inject, Injectable } from '@nestjs/common';
import { RawBuilder, sql } from 'kysely';
import { DB, Db } from '../database/database.module';

/**
 * Inserts memberships (account, school, inherited) from `source`, copying in the same statement
 * what the selection reads from the account (migration 0004), instead of one trigger lookup per row.
 * Own memberships win over inherited ones. For accounts created in the same transaction (`fresh`)
 * there is nothing to merge: a plain insert avoids the speculative insertion (a row lock and twice
 * the WAL per row) that ON CONFLICT costs.
 */
export function insertMemberships(source: RawBuilder<unknown>, { fresh = false } = {}) {
  return sql`
    INSERT INTO account_schools (account_id, school_id, inherited, role, profile, sort_name, search, created_at,
                                 is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed)
    SELECT src.account_id, src.school_id, src.inherited, a.role, a.profile, a.sort_name, a.search, a.created_at,
           a.is_activated, a.has_email, a.is_deactivated, a.is_pre_deleted, a.last_distributed_at IS NULL
    FROM (${source}) AS src(account_id, school_id, inherited) JOIN accounts a ON a.id = src.account_id
    ${fresh ? sql`` : sql`ON CONFLICT (account_id, school_id) DO UPDATE SET inherited = account_schools.inherited AND excluded.inherited`}`;
}

/** Where accounts belong: their own schools and classes, relatives' links, and what relatives inherit. */
@Injectable()
export class MembershipsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** Sets the account's own schools (a relative's inherited ones are refreshed separately). */
  async replaceSchools(accountId: string, schoolIds: readonly string[], executor: Db = this.db): Promise<void> {
    await executor.deleteFrom('account_schools').where('account_id', '=', accountId).where('inherited', '=', false).execute();
    if (schoolIds.length === 0) return;
    await insertMemberships(
      sql`SELECT ${accountId}::uuid, school_id, false FROM unnest(${sql.val([...schoolIds])}::uuid[]) AS s(school_id)`,
    ).execute(executor);
  }

  /** Sets the account's own classes (a relative's inherited ones are refreshed separately). */
  async replaceClasses(accountId: string, classIds: readonly string[], executor: Db = this.db): Promise<void> {
    await executor.deleteFrom('account_classes').where('account_id', '=', accountId).where('inherited', '=', false).execute();
    if (classIds.length === 0) return;
    await executor
      .insertInto('account_classes')
      .values(classIds.map((class_id) => ({ account_id: accountId, class_id })))
      .onConflict((oc) => oc.columns(['account_id', 'class_id']).doUpdateSet({ inherited: false }))
      .execute();
  }

  async replaceChildren(relativeId: string, studentIds: readonly string[], executor: Db = this.db): Promise<void> {
    await executor.deleteFrom('relative_links').where('relative_id', '=', relativeId).execute();
    if (studentIds.length === 0) return;
    await executor
      .insertInto('relative_links')
      .values(studentIds.map((student_id) => ({ relative_id: relativeId, student_id })))
      .execute();
  }

  /** Relatives linked to any of these students. */
  async relativesOf(studentIds: readonly string[], executor: Db = this.db): Promise<string[]> {
    if (studentIds.length === 0) return [];
    const rows = await executor.selectFrom('relative_links').select('relative_id').distinct().where('student_id', 'in', studentIds).execute();
    return rows.map((r) => r.relative_id);
  }

  /**
   * Recomputes what relatives inherit from their children: the children's own schools and classes
   * (SPEC §2, "the relative's classes are their children's classes"). Call after any change to a
   * child's schools or classes, or to a relative's links.
   */
  async refreshRelatives(relativeIds: readonly string[], executor: Db = this.db): Promise<void> {
    if (relativeIds.length === 0) return;
    const ids = sql`${sql.val([...relativeIds])}::uuid[]`;
    await sql`
      DELETE FROM account_classes WHERE inherited AND account_id = ANY(${ids});
      `.execute(executor);
    await sql`
      INSERT INTO account_classes (account_id, class_id, inherited)
      SELECT DISTINCT r.relative_id, c.class_id, true
      FROM relative_links r JOIN account_classes c ON c.account_id = r.student_id AND NOT c.inherited
      WHERE r.relative_id = ANY(${ids})
      ON CONFLICT DO NOTHING`.execute(executor);
    await sql`DELETE FROM account_schools WHERE inherited AND account_id = ANY(${ids})`.execute(executor);
    await insertMemberships(sql`
      SELECT DISTINCT r.relative_id, s.school_id, true
      FROM relative_links r JOIN account_schools s ON s.account_id = r.student_id AND NOT s.inherited
      WHERE r.relative_id = ANY(${ids})`).execute(executor);
  }
}
