import { Inject, Injectable } from '@nestjs/common';
import { loginSkeleton } from '@sesame/account-rules';
import type { EnrolmentEvent } from '@sesame/contracts';
import { sql } from 'kysely';
import { generateActivationCode } from '../accounts/activation-codes';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import type { Db } from '../database/database.module';
import { AccountsRepository } from '../accounts/accounts.repository';
import { allocateLogins } from '../accounts/login-allocation';
import { MembershipsRepository, insertMemberships } from '../accounts/memberships.repository';
import { arr } from './enrolment-context.repository';
import { splitPersonKey } from './enrolment.facts';
import { EnrolmentPlan, KnownAccount } from './enrolment.planner';

/** The writes of the enrolment stream, for batches: a few statements per batch, not per event. */
@Injectable()
export class EnrolmentRepository {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
    private readonly memberships: MembershipsRepository,
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

  /** Forgets refused events: once their cause is fixed, a replay from the dead-letter queue applies them. */
  async unclaim(trx: Db, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length) await sql`DELETE FROM enrolment_events WHERE event_id = ANY(${arr(eventIds, 'uuid')})`.execute(trx);
  }

  /** Writes the plan: accounts, memberships, links, statuses, facts. Returns the returners whose deactivation was undone. */
  async apply(trx: Db, plan: EnrolmentPlan): Promise<{ reactivated: Set<string> }> {
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
    // A departure enters the leavers' calendar (docs/lifecycle.md): active while tolerated, then the
    // scheduled run deactivates and pre-deletes on their dates.
    if (plan.preDelete.size) {
      // On the day the event says (never later than now: a clock ahead does not delay the calendar's start).
      const ids = [...plan.preDelete];
      const days = ids.map((id) => (plan.leftAt.has(id) ? new Date(plan.leftAt.get(id)!).toISOString() : null));
      await sql`
        UPDATE accounts a SET left_at = least(coalesce(x.at, now()), now()), updated_at = now()
        FROM unnest(${arr(ids, 'uuid')}, ${sql.val(days)}::timestamptz[]) AS x(id, at)
        WHERE a.id = x.id AND a.left_at IS NULL AND a.pre_deleted_at IS NULL`.execute(trx);
    }
    // A return before deletion undoes what the calendar did: same login, same password.
    const reactivated = new Set<string>();
    if (plan.restore.size) {
      const { rows } = await sql<{ id: string; was_deactivated: boolean }>`
        UPDATE accounts a SET pre_deleted_at = NULL, delete_after = NULL, left_at = NULL, updated_at = now(),
          deactivated_at = CASE WHEN old.left_at IS NOT NULL THEN NULL ELSE a.deactivated_at END
        FROM accounts old WHERE old.id = a.id AND a.id = ANY(${arr([...plan.restore], 'uuid')})
        RETURNING a.id, old.left_at IS NOT NULL AND old.deactivated_at IS NOT NULL AS was_deactivated`.execute(trx);
      rows.filter((r) => r.was_deactivated).forEach((r) => reactivated.add(r.id));
    }

    // Relatives inherit from children whose schools or classes changed, and from new links.
    const students = members.filter((a) => a.profile === 'student').map((a) => a.id);
    const relatives = new Set([...(await this.memberships.relativesOf(students, trx)), ...plan.links.map((l) => l.relativeId)]);
    await this.memberships.refreshRelatives([...relatives], trx);

    if (plan.facts.length) {
      const people = plan.facts.map((f) => splitPersonKey(f.key));
      await sql`
        INSERT INTO enrolment_facts (source, external_id, fact, occurred_at, event_id, value)
        SELECT s, e, f, a, i, v::jsonb
        FROM unnest(${arr(people.map((p) => p[0]))}, ${arr(people.map((p) => p[1]))}, ${arr(plan.facts.map((f) => f.name))},
                    ${arr(plan.facts.map((f) => new Date(f.fact.version.at).toISOString()), 'timestamptz')},
                    ${arr(plan.facts.map((f) => f.fact.version.eventId), 'uuid')}, ${arr(plan.facts.map((f) => JSON.stringify(f.fact.value)))}) AS u(s, e, f, a, i, v)
        ON CONFLICT (source, external_id, fact) DO UPDATE SET occurred_at = excluded.occurred_at, event_id = excluded.event_id, value = excluded.value
        -- The latest word stays, should two consumers ever overlap.
        WHERE (excluded.occurred_at, excluded.event_id) > (enrolment_facts.occurred_at, enrolment_facts.event_id)`.execute(trx);
    }
    return { reactivated };
  }

  private async allocateLogins(trx: Db, creates: KnownAccount[]): Promise<void> {
    const logins = await allocateLogins(trx, creates);
    creates.forEach((account, i) => (account.username = logins[i]));
  }
}
