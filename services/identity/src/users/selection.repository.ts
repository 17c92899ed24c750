import { Inject, Injectable } from '@nestjs/common';
import { defaultDisplayName } from '@sesame/account-rules';
import type { ListUsers, UserFilter, UserRow } from '@sesame/contracts';
import { Expression, ExpressionBuilder, Kysely, SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { DB, Db } from '../database/database.module';
import { AccountsTable, Database } from '../database/schema';

type Tables = Database & { a: AccountsTable; candidates: { id: string } };
type Eb = ExpressionBuilder<Tables, 'a'>;

/** French alphabetical order: "Émile" sorts with "Emile", not after "Zoé". */
const FR = sql.raw('COLLATE "fr-x-icu"');
const NO_SCHOOL = ['00000000-0000-0000-0000-000000000000'];

/**
 * The accounts a query starts from, when something narrows it: the classes asked for, else the
 * school asked for, else the caller's scope (SPEC §2). Null for the manager looking at the whole
 * académie, where the narrow indexes on the accounts themselves do better.
 */
function candidates(db: Kysely<Database>, actor: Actor, filter: UserFilter) {
  if (filter.classIds?.length) {
    // Relatives are in their children's classes through inherited rows.
    return db.selectFrom('account_classes').select('account_id as id').where('class_id', 'in', filter.classIds);
  }
  const schools = filter.schoolId ? [filter.schoolId] : actor.role === 'manager' ? undefined : actor.schoolIds.length ? [...actor.schoolIds] : NO_SCHOOL;
  if (!schools) return null;
  // A school's accounts: its members and administrators, and the supervisors of those administrators.
  let query = db
    .selectFrom('account_schools')
    .select('account_id as id')
    .where('school_id', 'in', schools)
    .union(
      db
        .selectFrom('accounts as s')
        .innerJoin('account_schools as x', 'x.account_id', 's.managed_by')
        .select('s.id')
        .where('x.school_id', 'in', schools),
    );
  if (actor.role !== 'manager') query = query.union(db.selectFrom('accounts').select('id').where('id', '=', actor.id));
  return query;
}

/** What each role may list (SPEC §2), as conditions on the rows; mirrors canSee in permissions.rules.ts. */
function scope(eb: Eb, actor: Actor): Expression<SqlBool> | undefined {
  const self = eb('a.id', '=', actor.id);
  const schools = actor.schoolIds.length ? actor.schoolIds : NO_SCHOOL;
  const inMySchools = eb.exists(
    eb
      .selectFrom('account_schools as s')
      .select(sql.lit(1).as('one'))
      .whereRef('s.account_id', '=', 'a.id')
      .where('s.school_id', 'in', schools),
  );
  switch (actor.role) {
    case 'manager':
      return undefined;
    case 'administrator':
      return eb.or([
        self,
        eb.and([eb('a.role', 'in', ['member', 'administrator']), inMySchools]),
        eb.and([eb('a.role', '=', 'supervisor'), eb('a.managed_by', '=', actor.id)]),
      ]);
    case 'supervisor':
      return eb.or([self, eb.and([eb('a.role', '=', 'member'), inMySchools])]);
    default:
      return self;
  }
}

function inclusion(eb: Eb, column: 'a.is_pre_deleted' | 'a.is_deactivated', choice: 'exclude' | 'only' | 'include') {
  if (choice === 'include') return undefined;
  return eb(column, '=', choice === 'only');
}

/** The filters of SPEC §4 on each row; each one absent means "everybody". */
function conditions(eb: Eb, actor: Actor, filter: UserFilter): Expression<SqlBool> {
  const all: Array<Expression<SqlBool> | undefined> = [scope(eb, actor)];
  if (filter.schoolId && filter.classIds?.length) {
    // Classes drove the query: the school still has to match.
    all.push(eb.exists(eb.selectFrom('account_schools as s').select(sql.lit(1).as('one')).whereRef('s.account_id', '=', 'a.id').where('s.school_id', '=', filter.schoolId)));
  }
  if (filter.profiles?.length) all.push(eb('a.profile', 'in', filter.profiles));
  if (filter.roles?.length) all.push(eb('a.role', 'in', filter.roles));
  if (filter.adminsOnly) all.push(eb('a.role', 'in', ['administrator', 'supervisor']));
  if (filter.activation) all.push(eb('a.is_activated', '=', filter.activation === 'activated'));
  if (filter.email) all.push(eb('a.has_email', '=', filter.email === 'with'));
  // Dates are the académie's calendar days.
  if (filter.createdFrom) {
    all.push(eb('a.created_at', '>=', sql<Date>`(${filter.createdFrom}::date)::timestamp AT TIME ZONE 'Europe/Paris'`));
  }
  if (filter.createdTo) {
    all.push(eb('a.created_at', '<', sql<Date>`(${filter.createdTo}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'`));
  }
  all.push(inclusion(eb, 'a.is_pre_deleted', filter.preDeleted));
  all.push(inclusion(eb, 'a.is_deactivated', filter.deactivated));
  if (filter.neverDistributed) all.push(eb('a.last_distributed_at', 'is', null));
  if (filter.q) {
    // Accent- and case-insensitive, backed by a trigram index on the folded names and login.
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    all.push(sql<SqlBool>`a.search LIKE sesame_fold(${pattern})`);
  }
  return eb.and(all.filter((c): c is Expression<SqlBool> => c !== undefined));
}

const CLASS_NAMES = sql<string[]>`coalesce((
  SELECT array_agg(c.name ORDER BY c.name COLLATE "fr-x-icu")
  FROM account_classes ac JOIN classes c ON c.id = ac.class_id
  WHERE ac.account_id = a.id
), '{}')`;

const ROW_COLUMNS = [
  'a.id',
  'a.last_name',
  'a.first_name',
  'a.display_name',
  'a.role',
  'a.profile',
  'a.username',
  'a.activated_at',
  'a.activation_code',
  'a.email',
  'a.created_at',
  'a.deactivated_at',
  'a.pre_deleted_at',
  'a.last_distributed_at',
] as const;

/**
 * The selection (SPEC §4): exact count and one page, always inside the caller's scope. A narrowed
 * selection (a school, classes, an administrator's scope: thousands of rows) is one query that
 * counts and sorts its candidates; the whole académie (the manager) is counted from a narrow index
 * and paged by walking the sort index.
 */
@Injectable()
export class SelectionRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  async select(actor: Actor, query: ListUsers): Promise<{ total: number; items: UserRow[] }> {
    const narrowed = candidates(this.db, actor, query.filter);
    if (narrowed) {
      const rows = await this.page(actor, query, narrowed, true);
      const total = rows.length ? Number(rows[0].total) : query.page > 1 ? await this.count(actor, query.filter) : 0;
      return { total, items: rows.map((row) => this.toRow(actor, row)) };
    }
    const [total, rows] = await Promise.all([this.count(actor, query.filter), this.page(actor, query, null, false)]);
    return { total, items: rows.map((row) => this.toRow(actor, row)) };
  }

  async count(actor: Actor, filter: UserFilter): Promise<number> {
    const narrowed = candidates(this.db, actor, filter);
    const base = narrowed
      ? this.db.with((wb) => wb('candidates').materialized(), () => narrowed).selectFrom('accounts as a').innerJoin('candidates', 'candidates.id', 'a.id')
      : this.db.selectFrom('accounts as a');
    const row = await base
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where((eb) => conditions(eb as unknown as Eb, actor, filter))
      .executeTakeFirstOrThrow();
    return row.total;
  }

  private async page(actor: Actor, query: ListUsers, narrowed: ReturnType<typeof candidates>, withTotal: boolean) {
    const base = narrowed
      ? // Materialized: the candidates drive the query, whatever the planner thinks of the sort index.
        this.db.with((wb) => wb('candidates').materialized(), () => narrowed).selectFrom('accounts as a').innerJoin('candidates', 'candidates.id', 'a.id')
      : this.db.selectFrom('accounts as a');
    let select = base
      .select(ROW_COLUMNS)
      .select(CLASS_NAMES.as('classes'))
      .select(sql<string[]>`coalesce((SELECT array_agg(s.school_id) FROM account_schools s WHERE s.account_id = a.id), '{}')`.as('school_ids'))
      .select(withTotal ? sql<number>`count(*) OVER ()`.as('total') : sql<number>`0`.as('total'))
      .where((eb) => conditions(eb as unknown as Eb, actor, query.filter));

    const byName = [sql`a.last_name ${FR}`, sql`a.first_name ${FR}`, sql`a.username`, sql`a.id`];
    const order =
      query.sort === 'profile'
        ? [sql`a.role`, sql`a.profile`, ...byName]
        : query.sort === 'class'
          ? [sql`(${CLASS_NAMES})[1] ${FR} NULLS LAST`, ...byName]
          : byName;
    for (const term of order) select = select.orderBy(term);
    return select
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
  }

  private toRow(actor: Actor, r: Awaited<ReturnType<SelectionRepository['page']>>[number]): UserRow {
    return {
      id: r.id,
      lastName: r.last_name,
      firstName: r.first_name,
      displayName: r.display_name || defaultDisplayName(r.first_name, r.last_name, r.username),
      role: r.role,
      profile: r.profile,
      username: r.username,
      activated: r.activated_at !== null,
      activationCode: r.activated_at === null && actor.role !== 'member' ? r.activation_code : null,
      email: r.email,
      classes: r.classes,
      schoolIds: r.school_ids,
      createdAt: r.created_at.toISOString(),
      deactivatedAt: r.deactivated_at?.toISOString() ?? null,
      preDeletedAt: r.pre_deleted_at?.toISOString() ?? null,
      lastDistributedAt: r.last_distributed_at?.toISOString() ?? null,
    };
  }
}
