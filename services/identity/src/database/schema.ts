import type { Profile, Role } from '@sesame/contracts';
import type { OutboxTable } from '@sesame/outbox';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date | undefined, Date>;

export interface SchoolsTable {
  id: Generated<string>;
  uai: string;
  name: string;
  city: string | null;
  created_at: CreatedAt;
}

export interface ClassesTable {
  id: Generated<string>;
  school_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface AccountsTable {
  id: Generated<string>;
  /** Unicode NFC; compared byte for byte, so case-sensitive. */
  username: string;
  /**
   * loginSkeleton(username) (UTS #39): two logins that look alike have the same (migration 0009).
   * Always written by identity; null only until the maintenance job fills older accounts.
   */
  username_skeleton: ColumnType<string | null, string, string>;
  /** 0, but for look-alikes found when filling older accounts (1, 2 …): unique with the skeleton. */
  username_skeleton_rank: ColumnType<number, number | undefined, number>;
  first_name: string | null;
  last_name: string | null;
  /** Null means "use the default" (first and last name, else username). */
  display_name: string | null;
  email: string | null;
  role: Role;
  profile: Profile | null;
  managed_by: string | null;
  password_hash: string | null;
  /** Incremented to end every session of the account (AccountsRepository.revokeCredentials). */
  session_version: Generated<number>;
  activated_at: Date | null;
  /** Sealed (auth/activation-code-vault.ts): repositories seal it on the way in and open it on the way out. */
  activation_code: string | null;
  activation_code_expires_at: Date | null;
  deactivated_at: Date | null;
  pre_deleted_at: Date | null;
  delete_after: Date | null;
  external_id: string | null;
  source: string | null;
  last_login_at: Date | null;
  last_distributed_at: Date | null;
  last_distribution_channel: 'pdf' | 'email' | null;
  created_by: string | null;
  /** The CSV import that created the account (migration 0012); null otherwise. */
  import_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Written by académie feeds (migration 0013); null otherwise. */
  mobile: ColumnType<string | null, string | null | undefined, string | null>;
  ine: ColumnType<string | null, string | null | undefined, string | null>;
  /** The contact fields (`email`, `mobile`) a feed provided: its lane (libs/account-rules feed-lanes.rules). */
  feed_fields: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  /** The departure that started the account's lifecycle calendar (migration 0014); null while it has not left. */
  left_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  locale: ColumnType<'fr' | 'en', 'fr' | 'en' | undefined, 'fr' | 'en'>;
  /** Folded (lower case, no accents) names and login, for the free-text filter. Computed by PostgreSQL. */
  search: ColumnType<string, never, never>;
  /** Computed by PostgreSQL from the timestamps, for the selection's index. */
  is_activated: ColumnType<boolean, never, never>;
  has_email: ColumnType<boolean, never, never>;
  is_deactivated: ColumnType<boolean, never, never>;
  is_pre_deleted: ColumnType<boolean, never, never>;
  /** Folded last name, first name and login: the alphabetical order (migration 0003). */
  sort_name: ColumnType<string, never, never>;
}

/** Copied from the account by triggers (migration 0004): the selection filters and sorts on them. */
type Copied<T> = ColumnType<T, never, never>;

export interface AccountSchoolsTable {
  account_id: string;
  school_id: string;
  /** A relative's school through one of their children. */
  inherited: ColumnType<boolean, boolean | undefined, boolean>;
  role: Copied<Role>;
  profile: Copied<Profile | null>;
  sort_name: Copied<string>;
  search: Copied<string>;
  created_at: Copied<Date>;
  is_activated: Copied<boolean>;
  has_email: Copied<boolean>;
  is_deactivated: Copied<boolean>;
  is_pre_deleted: Copied<boolean>;
  never_distributed: Copied<boolean>;
}

export interface AccountClassesTable {
  account_id: string;
  class_id: string;
  /** A relative's class through one of their children. */
  inherited: ColumnType<boolean, boolean | undefined, boolean>;
  /** Copies of the account's, for the activation report's ledger (migration 0022): written by triggers. */
  role: ColumnType<Role | null, Role | undefined, never>;
  is_activated: ColumnType<boolean | null, boolean | undefined, never>;
  is_deactivated: ColumnType<boolean | null, boolean | undefined, never>;
  is_pre_deleted: ColumnType<boolean | null, boolean | undefined, never>;
}

/** Ledgers of the activation report (migration 0022): net changes, summed when read, folded by the tally job. */
export interface ActivationCountsByProfileTable {
  school_id: string;
  profile: Profile | null;
  activated: string;
  not_activated: string;
}

export interface ActivationCountsByClassTable {
  class_id: string;
  activated: string;
  not_activated: string;
}

export interface EnrolmentEventsTable {
  event_id: string;
  type: string;
  received_at: ColumnType<Date, Date | undefined, never>;
}

/** What the enrolment stream last said about each fact of a person (see enrolment/enrolment.facts.ts). */
export interface EnrolmentFactsTable {
  source: string;
  external_id: string;
  /** `names`, `email`, `placement`, `departure` or `school:<school id>`. */
  fact: string;
  occurred_at: Date;
  event_id: string;
  value: ColumnType<unknown, string, string>;
}

export interface RelativeLinksTable {
  relative_id: string;
  student_id: string;
}

export interface PasswordResetTokensTable {
  /** SHA-256 of the token; the token itself is only ever in the email. */
  token_hash: Buffer;
  account_id: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

/** A downstream SCIM target (migration 0021): its token sealed (ActivationCodeVault). */
export interface ScimTargetsTable {
  id: Generated<string>;
  name: string;
  url: string;
  token_sealed: string;
  school_ids: string[];
  profiles: string[];
  enabled: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  last_delivered_at: Date | null;
  delivered: ColumnType<string, string | undefined, string>;
  failed: ColumnType<string, string | undefined, string>;
  last_error_at: Date | null;
  last_error: string | null;
  reconcile_started_at: Date | null;
  reconcile_finished_at: Date | null;
  reconcile_result: ColumnType<unknown, string | null, string | null>;
  reconcile_error: string | null;
}
export type ScimTargetRow = Selectable<ScimTargetsTable>;

export interface ScimTargetUsersTable {
  target_id: string;
  account_id: string;
  remote_id: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  action: string;
  target_id: string | null;
  before: ColumnType<unknown, string | null, never> | null;
  after: ColumnType<unknown, string | null, never> | null;
  request_id: string | null;
}

export interface LifecyclePoliciesTable {
  profile: Profile;
  toleration_days: number;
  deactivation_days: number;
  pre_deletion_days: number;
  notice_days: ColumnType<number, number | undefined, number>;
  updated_at: Date | null;
  updated_by: string | null;
}

/** The leavers' notices queued and sent (migration 0017): the distribution log of the calendar. */
export interface LifecycleNoticesTable {
  account_id: string;
  kind: 'deactivation' | 'deletion';
  due_on: Date;
  queued_at: ColumnType<Date, Date | undefined, never>;
  sent_at: Date | null;
  outcome: 'sent' | 'refused' | null;
}

/** An applied import or feed that may be undone (migration 0016): who confirmed it, when, the classes it created. */
export interface UndoOperationsTable {
  operation_id: string;
  kind: 'import' | 'feed';
  actor_id: string;
  applied_at: Date;
  classes_created: ColumnType<string[], string[] | undefined, string[]>;
  undone_at: Date | null;
  undone_by: string | null;
  partial: ColumnType<boolean, boolean | undefined, boolean>;
  expired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Each account an operation created, or changed with what it was before (migration 0016). */
export interface UndoRecordsTable {
  operation_id: string;
  kind: 'import' | 'feed';
  account_id: string;
  change: 'created' | 'changed';
  before: ColumnType<unknown, string | null, never> | null;
  after_updated_at: Date | null;
}

/** A rentrée (migration 0015): year `school_year` opened for these schools, restorable until `restorable_until`. */
export interface RentreesTable {
  id: Generated<string>;
  school_year: number;
  school_ids: string[];
  opened_at: ColumnType<Date, Date | undefined, never>;
  opened_by: string | null;
  restorable_until: Date;
  restored_at: Date | null;
  restored_by: string | null;
  counts: ColumnType<unknown, string, string>;
}

/** Year N's classes, archived by a rentrée. */
export interface RentreeClassesTable {
  rentree_id: string;
  class_id: string;
  school_id: string;
  name: string;
  created_at: Date;
}

/** Year N's class memberships, archived by a rentrée. */
export interface RentreeMembershipsTable {
  rentree_id: string;
  account_id: string;
  class_id: string;
  inherited: boolean;
}

/** Who belonged to each school when the rentrée opened: the others are its newcomers. */
export interface RentreeMembersTable {
  rentree_id: string;
  school_id: string;
  account_id: string;
}

/** A relying party of the OpenID Connect provider (issue 17). */
export interface OidcClientsTable {
  client_id: string;
  kind: 'confidential' | 'public' | 'machine';
  name: string;
  /** SHA-256 (hex) of the secret; null for a public client. */
  secret_hash: string | null;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string | null;
  scopes: string[];
  allowed_profiles: string[];
  allowed_school_ids: string[];
  consent_required: boolean;
  subject_type: 'public' | 'pairwise';
  relatives_links: boolean;
  /** A machine client's SCIM operations (migration 0019); empty for the others. */
  operations: string[];
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** What oidc-provider stores: one row per model and id (bearer artefacts by the SHA-256 of their id). */
export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  uid: string | null;
  account_id: string | null;
  session_version: number | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

export interface Database {
  schools: SchoolsTable;
  classes: ClassesTable;
  accounts: AccountsTable;
  undo_operations: UndoOperationsTable;
  undo_records: UndoRecordsTable;
  account_schools: AccountSchoolsTable;
  account_classes: AccountClassesTable;
  activation_counts_by_profile: ActivationCountsByProfileTable;
  activation_counts_by_class: ActivationCountsByClassTable;
  relative_links: RelativeLinksTable;
  password_reset_tokens: PasswordResetTokensTable;
  audit_log: AuditLogTable;
  scim_targets: ScimTargetsTable;
  scim_target_users: ScimTargetUsersTable;
  enrolment_events: EnrolmentEventsTable;
  enrolment_facts: EnrolmentFactsTable;
  outbox: OutboxTable;
  lifecycle_policies: LifecyclePoliciesTable;
  lifecycle_notices: LifecycleNoticesTable;
  rentrees: RentreesTable;
  rentree_classes: RentreeClassesTable;
  rentree_memberships: RentreeMembershipsTable;
  rentree_members: RentreeMembersTable;
  oidc_clients: OidcClientsTable;
  oidc_payloads: OidcPayloadsTable;
}

export type OidcClientRow = Selectable<OidcClientsTable>;

export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type SchoolRow = Selectable<SchoolsTable>;
export type ClassRow = Selectable<ClassesTable>;
