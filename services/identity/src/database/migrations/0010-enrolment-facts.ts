import { Kysely, sql } from 'kysely';

/**
 * Enrolment ordering by fact instead of by person (issue 12): one version per person lost facts when
 * a late event said something the newer one did not rewrite (a late transfer before a departure, a
 * late second school). Each fact now keeps the event that last set it, with what it said.
 *
 * A person's old version becomes the version of each fact their account shows (names, email, a
 * student's placement and presence, a staff member's schools), with the smallest event id: an event
 * of that same instant comes after it, as it would have applied. What the accounts do not show (the
 * schools a staff member left) starts unknown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE enrolment_facts (
      source text NOT NULL,
      external_id text NOT NULL,
      fact text NOT NULL,
      occurred_at timestamptz NOT NULL,
      event_id uuid NOT NULL,
      value jsonb NOT NULL,
      PRIMARY KEY (source, external_id, fact)
    );

    CREATE TEMPORARY TABLE versioned ON COMMIT DROP AS
      SELECT a.id, a.source, a.external_id, a.first_name, a.last_name, a.email, a.profile, a.pre_deleted_at IS NOT NULL AS left_school, v.occurred_at
      FROM enrolment_versions v JOIN accounts a ON a.source = v.source AND a.external_id = v.external_id
      WHERE a.role = 'member' AND a.profile IN ('student', 'relative', 'teacher', 'personnel');

    INSERT INTO enrolment_facts (source, external_id, fact, occurred_at, event_id, value)
    SELECT source, external_id, 'names', occurred_at, '00000000-0000-0000-0000-000000000000'::uuid,
           jsonb_build_object('firstName', coalesce(first_name, ''), 'lastName', coalesce(last_name, ''), 'profile', profile)
    FROM versioned
    UNION ALL
    SELECT source, external_id, 'email', occurred_at, '00000000-0000-0000-0000-000000000000'::uuid, jsonb_build_object('email', email)
    FROM versioned
    UNION ALL
    SELECT v.source, v.external_id, 'placement', v.occurred_at, '00000000-0000-0000-0000-000000000000'::uuid,
           jsonb_build_object('schoolId', s.school_id, 'classId', c.class_id)
    FROM versioned v
    JOIN LATERAL (SELECT school_id FROM account_schools WHERE account_id = v.id AND NOT inherited LIMIT 1) s ON true
    JOIN LATERAL (SELECT class_id FROM account_classes WHERE account_id = v.id AND NOT inherited LIMIT 1) c ON true
    WHERE v.profile = 'student'
    UNION ALL
    SELECT source, external_id, 'departure', occurred_at, '00000000-0000-0000-0000-000000000000'::uuid, jsonb_build_object('left', left_school)
    FROM versioned WHERE profile = 'student'
    UNION ALL
    SELECT v.source, v.external_id, 'school:' || s.school_id, v.occurred_at, '00000000-0000-0000-0000-000000000000'::uuid,
           jsonb_build_object('assigned', true, 'classIds', coalesce(
             (SELECT jsonb_agg(ac.class_id) FROM account_classes ac JOIN classes c ON c.id = ac.class_id
              WHERE ac.account_id = v.id AND NOT ac.inherited AND c.school_id = s.school_id), '[]'::jsonb))
    FROM versioned v JOIN account_schools s ON s.account_id = v.id AND NOT s.inherited
    WHERE v.profile IN ('teacher', 'personnel');

    DROP TABLE enrolment_versions;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE enrolment_versions (
      source text NOT NULL,
      external_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (source, external_id)
    );
    INSERT INTO enrolment_versions (source, external_id, occurred_at)
    SELECT source, external_id, max(occurred_at) FROM enrolment_facts GROUP BY source, external_id;
    DROP TABLE enrolment_facts;
  `.execute(db);
}
