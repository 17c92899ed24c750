import { Inject, Injectable } from '@nestjs/common';
import { defaultDisplayName } from '@sesame/account-rules';
import type { DistributionCaller, DistributionRow, DistributionTally, Profile, Role, UserFilter } from '@sesame/contracts';
import { RawBuilder, sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { DB, Db } from '../database/database.module';
import { SelectionRepository } from '../users/selection.repository';

interface Row {
  id: string;
  username: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  role: Role;
  profile: Profile | null;
  sort_name: string;
  activated_at: Date | null;
  activation_code: string | null;
  activation_code_expires_at: Date | null;
  email: string | null;
  locale: 'fr' | 'en';
  classes: string[];
  class_name: string | null;
  school_uai: string | null;
  school_name: string | null;
  deactivated: boolean;
  pre_deleted: boolean;
  children: Array<{ name: string; classes: string[] }> | null;
}

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** What distributions read from identity: the selection of GET /users, page by page, with what letters print. */
@Injectable()
export class DistributionRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly selection: SelectionRepository,
    private readonly codes: ActivationCodeVault,
  ) {}

  /** The schools of these classes (unknown ids are left out). */
  async schoolsOfClasses(classIds: readonly string[]): Promise<Array<{ id: string; schoolId: string }>> {
    if (classIds.length === 0) return [];
    const rows = await this.db.selectFrom('classes').select(['id', 'school_id']).where('id', 'in', [...classIds]).execute();
    return rows.map((r) => ({ id: r.id, schoolId: r.school_id }));
  }

  /**
   * Up to `limit` accounts of the selection after `after` (and up to `upTo`, included), by id: a
   * stable order (a name changed meanwhile neither skips nor repeats an account) that walks an index
   * however many accounts the selection holds. The selection's own order is rebuilt from
   * `sortName`, role and profile.
   */
  async page(actor: Actor, filter: UserFilter, after: string | undefined, limit: number, upTo?: string): Promise<DistributionRow[]> {
    const scope = actor.schoolIds.length ? sql`${sql.val([...actor.schoolIds])}::uuid[]` : sql`'{}'::uuid[]`;
    // Selected through some classes: the letter is filed under the first of those it belongs to.
    const chosen = filter.classIds?.length ? sql`ac.class_id = ANY(${sql.val([...filter.classIds])}::uuid[]) DESC,` : sql``;
    const { rows } = await sql<Row>`
      WITH page AS (
        SELECT x.id FROM (${this.selection.candidates(actor, filter)}) x WHERE x.id > ${after ?? FIRST_ID} ${upTo ? sql`AND x.id <= ${upTo}` : sql``}
        ORDER BY x.id LIMIT ${limit})
      SELECT a.id, a.username, a.first_name, a.last_name, a.display_name, a.role, a.profile, a.sort_name, a.activated_at,
        -- A deactivated account's code cannot activate it (accounts.repository.ts): never printed.
        CASE WHEN a.deactivated_at IS NULL THEN a.activation_code END AS activation_code,
        CASE WHEN a.deactivated_at IS NULL THEN a.activation_code_expires_at END AS activation_code_expires_at, a.email, a.locale,
        coalesce((SELECT array_agg(c.name ORDER BY c.name) FROM account_classes ac JOIN classes c ON c.id = ac.class_id
                  WHERE ac.account_id = a.id), '{}') AS classes,
        fc.name AS class_name, coalesce(fc.uai, fs.uai) AS school_uai, coalesce(fc.school_name, fs.name) AS school_name,
        a.deactivated_at IS NOT NULL AS deactivated, a.pre_deleted_at IS NOT NULL AS pre_deleted,
        CASE WHEN a.profile = 'relative' THEN ${this.children(scope)} END AS children
      FROM page JOIN accounts a ON a.id = page.id
      LEFT JOIN LATERAL (
        SELECT c.name, s.uai, s.name AS school_name FROM account_classes ac JOIN classes c ON c.id = ac.class_id JOIN schools s ON s.id = c.school_id
        WHERE ac.account_id = a.id ORDER BY ${chosen} c.name, s.uai LIMIT 1) fc ON true
      -- Without a class: the account's school, one of the caller's first; a supervisor's is its administrator's.
      LEFT JOIN LATERAL (
        SELECT s.uai, s.name FROM account_schools m JOIN schools s ON s.id = m.school_id
        WHERE m.account_id = CASE WHEN a.role = 'supervisor' THEN a.managed_by ELSE a.id END
        ORDER BY m.school_id = ANY(${scope}) DESC, m.inherited, s.uai LIMIT 1) fs ON true
      ORDER BY a.id`.execute(this.db);
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      firstName: r.first_name,
      lastName: r.last_name,
      displayName: r.display_name || defaultDisplayName(r.first_name, r.last_name, r.username),
      role: r.role,
      profile: r.profile,
      sortName: r.sort_name,
      school: r.school_uai !== null && r.school_name !== null ? { uai: r.school_uai, name: r.school_name } : null,
      className: r.class_name,
      classes: r.classes,
      activated: r.activated_at !== null,
      activationCode: r.activated_at === null ? this.codes.open(r.activation_code, r.id) : null,
      activationCodeExpiresAt: r.activated_at === null ? (r.activation_code_expires_at?.toISOString() ?? null) : null,
      email: r.email,
      locale: r.locale,
      deactivated: r.deactivated,
      preDeleted: r.pre_deleted,
      children: r.children ?? [],
    }));
  }

  /**
   * A relative's children as its letter names them: name and own classes, by name; within the
   * caller's schools only (an administrator prints nothing about another school's pupils), those
   * that left (pre-deleted) left out.
   */
  private children(scope: RawBuilder<unknown>) {
    return sql`(
      SELECT coalesce(json_agg(json_build_object('name', k.name, 'classes', k.classes) ORDER BY k.sort_name), '[]'::json) FROM (
        SELECT s.sort_name, coalesce(nullif(btrim(concat_ws(' ', s.first_name, s.last_name)), ''), s.display_name, s.username) AS name,
          coalesce((SELECT array_agg(c.name ORDER BY c.name) FROM account_classes sc JOIN classes c ON c.id = sc.class_id
                    WHERE sc.account_id = s.id AND NOT sc.inherited AND (cardinality(${scope}) = 0 OR c.school_id = ANY(${scope}))), '{}') AS classes
        FROM relative_links l JOIN accounts s ON s.id = l.student_id
        WHERE l.relative_id = a.id AND s.pre_deleted_at IS NULL
          AND (cardinality(${scope}) = 0 OR EXISTS (SELECT 1 FROM account_schools m WHERE m.account_id = s.id AND m.school_id = ANY(${scope})))
        LIMIT 20) k)`;
  }

  /** The selection counted by what decides whether a campaign reaches an account (see DistributionTally). */
  async tally(actor: Actor, filter: UserFilter): Promise<DistributionTally['groups']> {
    const { rows } = await sql<DistributionTally['groups'][number]>`
      SELECT a.deactivated_at IS NOT NULL AS "deactivated", a.pre_deleted_at IS NOT NULL AS "preDeleted", a.email IS NOT NULL AS "hasEmail",
        a.activated_at IS NOT NULL AS "activated",
        CASE WHEN a.activated_at IS NOT NULL OR (a.activation_code IS NOT NULL AND (a.activation_code_expires_at IS NULL OR a.activation_code_expires_at > now())) THEN 'valid'
             WHEN a.activation_code IS NULL THEN 'missing' ELSE 'expired' END AS "code",
        count(*)::int AS "accounts"
      FROM (${this.selection.candidates(actor, filter)}) x JOIN accounts a ON a.id = x.id
      GROUP BY 1, 2, 3, 4, 5`.execute(this.db);
    return rows;
  }

  async caller(actor: Actor): Promise<DistributionCaller> {
    const account = await this.db
      .selectFrom('accounts')
      .select(['first_name', 'last_name', 'display_name', 'email', 'locale'])
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    return {
      id: actor.id,
      username: actor.username,
      role: actor.role,
      displayName: account.display_name || defaultDisplayName(account.first_name, account.last_name, actor.username),
      email: account.email,
      locale: account.locale,
      schoolIds: [...actor.schoolIds],
    };
  }

  /**
   * Records that these accounts were given their login information at `at`. Only ever moves the
   * date forward: a copy of the event delivered again, or an older campaign's event arriving late,
   * changes nothing (the membership rows follow through migration 0004's trigger).
   */
  async recordDistribution(accountIds: readonly string[], channel: 'pdf' | 'email', at: Date): Promise<number> {
    const result = await this.db
      .updateTable('accounts')
      .set({ last_distributed_at: at, last_distribution_channel: channel })
      .where('id', 'in', [...accountIds])
      .where((eb) => eb.or([eb('last_distributed_at', 'is', null), eb('last_distributed_at', '<', at)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
