import { Inject, Injectable } from '@nestjs/common';
import type { ListUsers, UserFilter, UserRow } from '@sesame/contracts';
import { Expression, ExpressionBuilder, SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { DB, Db } from '../database/database.module';
import { AccountsTable, Database } from '../database/schema';

type Eb = ExpressionBuilder<Database & { a: AccountsTable }, 'a'>;

/** French alphabetical order: "Émile" sorts with "Emile", not after "Zoé". */
const FR = sql.raw('COLLATE "fr-x-icu"');

/** Accounts of a school: its members and administrators, and the supervisors those administrators manage. */
function inSchools(eb: Eb, schoolIds: readonly string[]): Expression<SqlBool> {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('account_schools as s')
        .select(sql.lit(1).as('one'))
        .whereRef('s.account_id', '=', 'a.id')
        .where('s.school_id', 'in', schoolIds),
    ),
    eb.and([
      eb('a.role', '=', 'supervisor'),
      eb.exists(
        eb
          .selectFrom('account_schools as s')
          .select(sql.lit(1).as('one'))
          .whereRef('s.account_id', '=', 'a.managed_by')
          .where('s.school_id', 'in', schoolIds),
      ),
    ]),
  ]);
}

/** What each role may list (SPEC §2), as SQL; mirrors canSee in permissions.rules.ts. */
function scope(eb: Eb, actor: Actor): Expression<SqlBool> {
  const self = eb('a.id', '=', actor.id);
  const schools = actor.schoolIds.length ? actor.schoolIds : ['00000000-0000-0000-0000-000000000000'];
  const sharesSchool = eb.exists(
    eb
      .selectFrom('account_schools as s')
      .select(sql.lit(1).as('one'))
      .whereRef('s.account_id', '=', 'a.id')
      .where('s.school_id', 'in', schools),
  );
  switch (actor.role) {
    case 'manager':
      return sql<SqlBool>`true`;
    case 'administrator':
      return eb.or([
        self,
        eb.and([eb('a.role', 'in', ['member', 'administrator']), sharesSchool]),
        eb.and([eb('a.role', '=', 'supervisor'), eb('a.managed_by', '=', actor.id)]),
      ]);
    case 'supervisor':
      return eb.or([self, eb.and([eb('a.role', '=', 'member'), sharesSchool])]);
    default:
      return self;
  }
}

function inclusion(eb: Eb, column: 'a.pre_deleted_at' | 'a.deactivated_at', choice: 'exclude' | 'only' | 'include') {
  if (choice === 'exclude') return eb(column, 'is', null);
  if (choice === 'only') return eb(column, 'is not', null);
  return undefined;
}

/** The filters of SPEC §4; each one absent means "everybody". */
export function selectionConditions(eb: Eb, actor: Actor, filter: UserFilter): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool> | undefined> = [scope(eb, actor)];
  if (filter.schoolId) conditions.push(inSchools(eb, [filter.schoolId]));
  if (filter.profiles?.length) conditions.push(eb('a.profile', 'in', filter.profiles));
  if (filter.roles?.length) conditions.push(eb('a.role', 'in', filter.roles));
  if (filter.adminsOnly) conditions.push(eb('a.role', 'in', ['administrator', 'supervisor']));
  if (filter.classIds?.length) {
    const classIds = filter.classIds;
    // A relative is in the classes of their children (SPEC §2).
    conditions.push(
      eb.or([
        eb.exists(
          eb
            .selectFrom('account_classes as c')
            .select(sql.lit(1).as('one'))
            .whereRef('c.account_id', '=', 'a.id')
            .where('c.class_id', 'in', classIds),
        ),
        eb.exists(
          eb
            .selectFrom('relative_links as r')
            .innerJoin('account_classes as c', 'c.account_id', 'r.student_id')
            .select(sql.lit(1).as('one'))
            .whereRef('r.relative_id', '=', 'a.id')
            .where('c.class_id', 'in', classIds),
        ),
      ]),
    );
  }
  if (filter.activation === 'activated') conditions.push(eb('a.activated_at', 'is not', null));
  if (filter.activation === 'not_activated') conditions.push(eb('a.activated_at', 'is', null));
  if (filter.email === 'with') conditions.push(eb('a.email', 'is not', null));
  if (filter.email === 'without') conditions.push(eb('a.email', 'is', null));
  // Dates are the académie's calendar days.
  if (filter.createdFrom) {
    conditions.push(eb('a.created_at', '>=', sql<Date>`(${filter.createdFrom}::date)::timestamp AT TIME ZONE 'Europe/Paris'`));
  }
  if (filter.createdTo) {
    conditions.push(eb('a.created_at', '<', sql<Date>`(${filter.createdTo}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'`));
  }
  conditions.push(inclusion(eb, 'a.pre_deleted_at', filter.preDeleted));
  conditions.push(inclusion(eb, 'a.deactivated_at', filter.deactivated));
  if (filter.neverDistributed) conditions.push(eb('a.last_distributed_at', 'is', null));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      eb.or([
        eb('a.last_name', 'ilike', pattern),
        eb('a.first_name', 'ilike', pattern),
        eb('a.display_name', 'ilike', pattern),
        eb('a.username', 'ilike', pattern),
      ]),
    );
  }
  return eb.and(conditions.filter((c): c is Expression<SqlBool> => c !== undefined));
}

/** The selection queries: exact count and one page, always inside the caller's scope. */
@Injectable()
export class SelectionRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  async count(actor: Actor, filter: UserFilter): Promise<number> {
    const row = await this.db
      .selectFrom('accounts as a')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where((eb) => selectionConditions(eb, actor, filter))
      .executeTakeFirstOrThrow();
    return row.total;
  }

  async page(actor: Actor, query: ListUsers): Promise<UserRow[]> {
    const classNames = sql<string[]>`coalesce((
      SELECT array_agg(DISTINCT c.name ORDER BY c.name)
      FROM classes c
      WHERE c.id IN (
        SELECT ac.class_id FROM account_classes ac WHERE ac.account_id = a.id
        UNION
        SELECT ac.class_id FROM relative_links r JOIN account_classes ac ON ac.account_id = r.student_id
        WHERE r.relative_id = a.id)
    ), '{}')`;
    let select = this.db
      .selectFrom('accounts as a')
      .select([
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
      ])
      .select(classNames.as('classes'))
      .select(
        sql<string[]>`coalesce((SELECT array_agg(s.school_id) FROM account_schools s WHERE s.account_id = a.id), '{}')`.as('school_ids'),
      )
      .where((eb) => selectionConditions(eb, actor, query.filter));

    const byName = [sql`a.last_name ${FR}`, sql`a.first_name ${FR}`, sql`a.username`, sql`a.id`];
    const order =
      query.sort === 'profile'
        ? [sql`a.role`, sql`a.profile`, ...byName]
        : query.sort === 'class'
          ? [sql`(${classNames})[1] ${FR} NULLS LAST`, ...byName]
          : byName;
    for (const term of order) select = select.orderBy(term);

    const rows = await select
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const showCodes = actor.role !== 'member';
    return rows.map((r) => ({
      id: r.id,
      lastName: r.last_name,
      firstName: r.first_name,
      displayName: r.display_name || [r.first_name, r.last_name].filter(Boolean).join(' ') || r.username,
      role: r.role,
      profile: r.profile,
      username: r.username,
      activated: r.activated_at !== null,
      activationCode: r.activated_at === null && showCodes ? r.activation_code : null,
      email: r.email,
      classes: r.classes,
      schoolIds: r.school_ids,
      createdAt: r.created_at.toISOString(),
      deactivatedAt: r.deactivated_at?.toISOString() ?? null,
      preDeletedAt: r.pre_deleted_at?.toISOString() ?? null,
      lastDistributedAt: r.last_distributed_at?.toISOString() ?? null,
    }));
  }
}
