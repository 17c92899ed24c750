import { Inject, Injectable } from '@nestjs/common';
import { loginBase, loginCandidate, loginSkeleton } from '@sesame/account-rules';
import type { EnrolmentEvent, Profile } from '@sesame/contracts';
import { sql } from 'kysely';
import { generateActivationCode } from '../auth/activation-codes';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import type { Db } from '../database/database.module';
import { AccountsRepository, insertMemberships } from '../users/accounts.repository';
import { EnrolmentPlan, KnownAccount, PersonKey, PlanningContext, personKey } from './enrolment.planner';

const arr = (values: readonly string[], type = 'text') => sql`${sql.val([...values])}::${sql.raw(type)}[]`;

interface AccountState {
  id: string;
  source: string | null;
  external_id: string | null;
  username: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  profile: Profile | null;
  pre_deleted: boolean;
  school_ids: string[];
  class_ids: string[];
}

/** Every query of the enrolment stream, written for batches: a few statements per batch, not per event. */
@Injectable()
export class EnrolmentRepository {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
  ) {}

  /** Records the events' ids; returns those never seen before (replays and duplicates change nothing). */
  async claim(trx: Db, events: EnrolmentEvent[]): Promise<Set<string>> {
    const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
    const { rows } = await sql<{ event_id: string }>`
      INSERT INTO enrolment_events (event_id, type)
      SELECT * FROM unnest(${arr(unique.map((e) => e.eventId), 'uuid')}, ${arr(unique.map((e) => e.type))})
      ON CONFLICT DO NOTHING RETURNING event_id`.execute(trx);
    return new Set(rows.map((r) => r.event_id));
  }

  async context(trx: Db, events: EnrolmentEvent[], newId: () => string): Promise<PlanningContext> {
    const uais = [...new Set(events.flatMap((e) => ('school' in e ? [e.school.uai] : [])))];
    const schools = uais.length ? await trx.selectFrom('schools').select(['id', 'uai']).where('uai', 'in', uais).execute() : [];
    const schoolByUai = new Map(schools.map((s) => [s.uai, s.id]));

    const people = events.flatMap((e): Array<[string, string]> => {
      switch (e.type) {
        case 'student.enrolled':
          return [[e.source, e.student.externalId], ...e.relatives.map((r): [string, string] => [e.source, r.externalId])];
        case 'student.transferred':
        case 'student.left':
          return [[e.source, e.student.externalId]];
        default:
          return [[e.source, e.staff.externalId]];
      }
    });
    const sources = people.map(([source]) => source);
    const externalIds = people.map(([, id]) => id);
    const states = await this.states(trx, sql`(a.source, a.external_id) IN (SELECT * FROM unnest(${arr(sources)}, ${arr(externalIds)}))`);
    const versions = await sql<{ source: string; external_id: string; occurred_at: Date }>`
      SELECT v.* FROM enrolment_versions v
      WHERE (v.source, v.external_id) IN (SELECT * FROM unnest(${arr(sources)}, ${arr(externalIds)}))`.execute(trx);

    // Who leaves with a leaving student depends on each relative's other children: load the links of
    // the relatives of leaving students and of the relatives named in this batch.
    const leavingIds = events
      .filter((e) => e.type === 'student.left')
      .map((e) => states.get(personKey(e.source, (e as { student: { externalId: string } }).student.externalId))?.id)
      .filter((id): id is string => Boolean(id));
    const namedRelatives = events
      .flatMap((e) => (e.type === 'student.enrolled' ? e.relatives.map((r) => states.get(personKey(e.source, r.externalId))?.id) : []))
      .filter((id): id is string => Boolean(id));
    const relativesOf = new Map<string, string[]>();
    const childrenOf = new Map<string, string[]>();
    if (leavingIds.length || namedRelatives.length) {
      // Two index lookups joined by UNION (an OR of both would scan every link).
      const links = await sql<{ relative_id: string; student_id: string }>`
        SELECT l.relative_id, l.student_id FROM relative_links l WHERE l.relative_id = ANY(${arr(namedRelatives, 'uuid')})
        UNION
        SELECT l.relative_id, l.student_id FROM relative_links k JOIN relative_links l ON l.relative_id = k.relative_id
        WHERE k.student_id = ANY(${arr(leavingIds, 'uuid')})`.execute(trx);
      for (const { relative_id, student_id } of links.rows) {
        childrenOf.set(relative_id, [...(childrenOf.get(relative_id) ?? []), student_id]);
        relativesOf.set(student_id, [...(relativesOf.get(student_id) ?? []), relative_id]);
      }
      const known = new Set([...states.values()].map((s) => s.id));
      const missing = [...new Set([...childrenOf.keys(), ...links.rows.map((l) => l.student_id)])].filter((id) => !known.has(id));
      if (missing.length) {
        for (const [key, state] of await this.states(trx, sql`a.id = ANY(${arr(missing, 'uuid')})`)) states.set(key, state);
      }
    }

    const accounts = new Map<PersonKey, KnownAccount>();
    const preDeletedIds = new Set<string>();
    const classIds = new Set<string>();
    for (const [key, s] of states) {
      accounts.set(key, {
        id: s.id,
        key,
        source: s.source ?? '',
        externalId: s.external_id ?? s.id,
        username: s.username,
        firstName: s.first_name,
        lastName: s.last_name,
        email: s.email,
        profile: s.profile,
        preDeleted: s.pre_deleted,
        schoolIds: s.school_ids,
        classIds: s.class_ids,
      });
      if (s.pre_deleted) preDeletedIds.add(s.id);
      s.class_ids.forEach((id) => classIds.add(id));
    }

    const wanted = events.flatMap((e) => {
      const school = 'school' in e ? schoolByUai.get(e.school.uai) : undefined;
      if (!school) return [];
      if (e.type === 'student.enrolled' || e.type === 'student.transferred') return [{ schoolId: school, name: e.className }];
      if (e.type === 'staff.assigned') return e.classNames.map((name) => ({ schoolId: school, name }));
      return [];
    });
    const classes = await this.ensureClasses(trx, wanted);
    const existingClasses = classIds.size
      ? await trx.selectFrom('classes').select(['id', 'school_id']).where('id', 'in', [...classIds]).execute()
      : [];
    const schoolOfClass = new Map(existingClasses.map((c) => [c.id, c.school_id]));
    for (const [compound, id] of classes) schoolOfClass.set(id, compound.split('/')[0]);

    return {
      accounts,
      versions: new Map(versions.rows.map((v) => [personKey(v.source, v.external_id), v.occurred_at])),
      schoolByUai,
      classId: (schoolId, name) => classes.get(`${schoolId}/${name}`),
      schoolOfClass: (id) => schoolOfClass.get(id),
      relativesOf,
      childrenOf,
      preDeletedIds,
      newId,
    };
  }

  /** Classes come from the information systems: the ones named for the first time are created. */
  private async ensureClasses(trx: Db, wanted: Array<{ schoolId: string; name: string }>): Promise<Map<string, string>> {
    const unique = [...new Map(wanted.map((w) => [`${w.schoolId}/${w.name}`, w])).values()];
    if (unique.length === 0) return new Map();
    const schoolIds = arr(unique.map((w) => w.schoolId), 'uuid');
    const names = arr(unique.map((w) => w.name));
    await sql`
      INSERT INTO classes (school_id, name) SELECT * FROM unnest(${schoolIds}, ${names})
      ON CONFLICT ON CONSTRAINT classes_school_name_key DO NOTHING`.execute(trx);
    const { rows } = await sql<{ id: string; school_id: string; name: string }>`
      SELECT c.id, c.school_id, c.name FROM classes c WHERE (c.school_id, c.name) IN (SELECT * FROM unnest(${schoolIds}, ${names}))`.execute(trx);
    return new Map(rows.map((r) => [`${r.school_id}/${r.name}`, r.id]));
  }

  private async states(trx: Db, where: ReturnType<typeof sql>): Promise<Map<PersonKey, AccountState>> {
    const { rows } = await sql<AccountState>`
      SELECT a.id, a.source, a.external_id, a.username, a.first_name, a.last_name, a.email, a.profile,
             a.pre_deleted_at IS NOT NULL AS pre_deleted,
             coalesce((SELECT array_agg(s.school_id) FROM account_schools s WHERE s.account_id = a.id AND NOT s.inherited), '{}') AS school_ids,
             coalesce((SELECT array_agg(c.class_id) FROM account_classes c WHERE c.account_id = a.id AND NOT c.inherited), '{}') AS class_ids
      FROM accounts a WHERE ${where}`.execute(trx);
    return new Map(rows.map((r) => [personKey(r.source ?? '', r.external_id ?? r.id), r]));
  }

  /** Writes the plan: accounts, memberships, links, statuses, versions. */
  async apply(trx: Db, plan: EnrolmentPlan): Promise<void> {
    await this.allocateLogins(trx, plan.creates);
    const expires = new Date(Date.now() + this.config.ACTIVATION_CODE_TTL_DAYS * 86_400_000);
    for (let i = 0; i < plan.creates.length; i += 500) {
      await trx
        .insertInto('accounts')
        .values(
          plan.creates.slice(i, i + 500).map((a) => ({
            id: a.id,
            username: a.username!,
            username_skeleton: loginSkeleton(a.username!),
            first_name: a.firstName,
            last_name: a.lastName,
            display_name: null,
            email: a.email,
            role: 'member' as const,
            profile: a.profile,
            managed_by: null,
            password_hash: null,
            activated_at: null,
            activation_code: this.accounts.sealCode(generateActivationCode(), a.id),
            activation_code_expires_at: expires,
            deactivated_at: null,
            pre_deleted_at: null,
            delete_after: null,
            external_id: a.externalId,
            source: a.source,
            last_login_at: null,
            last_distributed_at: null,
            last_distribution_channel: null,
            created_by: null,
          })),
        )
        .execute();
    }

    const created = new Set(plan.creates.map((a) => a.id));
    const updated = [...plan.updated].filter((id) => !created.has(id)).map((id) => plan.accounts.get(id)!);
    if (updated.length) {
      await sql`
        UPDATE accounts SET first_name = v.first_name, last_name = v.last_name, email = v.email, profile = v.profile, updated_at = now()
        FROM unnest(${arr(updated.map((a) => a.id), 'uuid')}, ${arr(updated.map((a) => a.firstName ?? ''))},
                    ${arr(updated.map((a) => a.lastName ?? ''))}, ${sql.val(updated.map((a) => a.email))}::text[],
                    ${arr(updated.map((a) => a.profile ?? 'student'))}) AS v(id, first_name, last_name, email, profile)
        WHERE accounts.id = v.id`.execute(trx);
    }

    const members = [...plan.memberships].map((id) => plan.accounts.get(id)!);
    if (members.length) {
      const ids = arr(members.map((a) => a.id), 'uuid');
      await sql`DELETE FROM account_schools WHERE account_id = ANY(${ids}) AND NOT inherited`.execute(trx);
      await sql`DELETE FROM account_classes WHERE account_id = ANY(${ids}) AND NOT inherited`.execute(trx);
      const schoolPairs = members.flatMap((a) => a.schoolIds.map((s) => [a.id, s] as const));
      const classPairs = members.flatMap((a) => a.classIds.map((c) => [a.id, c] as const));
      if (schoolPairs.length) {
        await insertMemberships(
          sql`SELECT a, s, false FROM unnest(${arr(schoolPairs.map((p) => p[0]), 'uuid')}, ${arr(schoolPairs.map((p) => p[1]), 'uuid')}) AS u(a, s)`,
        ).execute(trx);
      }
      if (classPairs.length) {
        await sql`
          INSERT INTO account_classes (account_id, class_id)
          SELECT * FROM unnest(${arr(classPairs.map((p) => p[0]), 'uuid')}, ${arr(classPairs.map((p) => p[1]), 'uuid')})
          ON CONFLICT (account_id, class_id) DO UPDATE SET inherited = false`.execute(trx);
      }
    }

    if (plan.links.length) {
      await sql`
        INSERT INTO relative_links (relative_id, student_id)
        SELECT * FROM unnest(${arr(plan.links.map((l) => l.relativeId), 'uuid')}, ${arr(plan.links.map((l) => l.studentId), 'uuid')})
        ON CONFLICT DO NOTHING`.execute(trx);
    }
    if (plan.preDelete.size) {
      await sql`
        UPDATE accounts SET pre_deleted_at = now(), delete_after = now() + make_interval(days => ${this.config.PRE_DELETION_GRACE_DAYS}), updated_at = now()
        WHERE id = ANY(${arr([...plan.preDelete], 'uuid')}) AND pre_deleted_at IS NULL`.execute(trx);
    }
    if (plan.restore.size) {
      await sql`
        UPDATE accounts SET pre_deleted_at = NULL, delete_after = NULL, updated_at = now()
        WHERE id = ANY(${arr([...plan.restore], 'uuid')})`.execute(trx);
    }

    // Relatives inherit from children whose schools or classes changed, and from new links.
    const students = members.filter((a) => a.profile === 'student').map((a) => a.id);
    const relatives = new Set([...(await this.accounts.relativesOf(students, trx)), ...plan.links.map((l) => l.relativeId)]);
    await this.accounts.refreshRelatives([...relatives], trx);

    if (plan.versions.size) {
      const entries = [...plan.versions.entries()].map(([key, at]) => [...key.split('\u0000'), at.toISOString()]);
      await sql`
        INSERT INTO enrolment_versions (source, external_id, occurred_at)
        SELECT * FROM unnest(${arr(entries.map((e) => e[0]))}, ${arr(entries.map((e) => e[1]))}, ${arr(entries.map((e) => e[2]), 'timestamptz')})
        ON CONFLICT (source, external_id) DO UPDATE SET occurred_at = greatest(enrolment_versions.occurred_at, excluded.occurred_at)`.execute(trx);
    }
  }

  /** `firstname.lastname`, with the first free numeric suffix across the whole directory. */
  private async allocateLogins(trx: Db, creates: KnownAccount[]): Promise<void> {
    if (creates.length === 0) return;
    const bases = creates.map((a) => loginBase(a.firstName ?? '', a.lastName ?? '') ?? `compte.${a.externalId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 56));
    // Usernames starting with each base: a range of the username index per base.
    const { rows } = await sql<{ username: string }>`
      SELECT a.username FROM unnest(${arr([...new Set(bases)])}) AS b(base)
      CROSS JOIN LATERAL (SELECT username FROM accounts WHERE username >= b.base AND username < b.base || chr(1114111)) a`.execute(trx);
    const taken = new Set(rows.map((r) => r.username));
    // Nor a login that looks like one in use (issue 12): generated logins are ASCII, so the skeleton
    // of base + suffix starts with the skeleton of base, a range of the skeleton index.
    const skeletonBases = [...new Set(bases.map(loginSkeleton))];
    const { rows: lookalikes } = await sql<{ username_skeleton: string }>`
      SELECT a.username_skeleton FROM unnest(${arr(skeletonBases)}) AS b(base)
      CROSS JOIN LATERAL (SELECT username_skeleton FROM accounts
                          WHERE username_skeleton >= b.base COLLATE "C" AND username_skeleton < b.base || chr(1114111) COLLATE "C") a`.execute(trx);
    const skeletons = new Set(lookalikes.map((r) => r.username_skeleton));
    const free = (candidate: string) => !taken.has(candidate) && !skeletons.has(loginSkeleton(candidate));
    creates.forEach((account, i) => {
      let n = 1;
      while (!free(loginCandidate(bases[i], n))) n++;
      account.username = loginCandidate(bases[i], n);
      taken.add(account.username);
      skeletons.add(loginSkeleton(account.username));
    });
  }
}
