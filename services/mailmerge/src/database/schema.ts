import type { OutboxTable } from '@sesame/outbox';
import type {
  CampaignChannel,
  CampaignCounts,
  CampaignLayout,
  CampaignStatus,
  Locale,
  Profile,
  RecipientStatus,
  Role,
  UserFilter,
  UserSort,
} from '@sesame/contracts';
import type { ColumnType, Generated, Insertable, Kysely, Selectable } from 'kysely';

/** What was done with an event mailmerge reacted to; never its content (a reset token above all). */
export interface ProcessedEventsTable {
  event_id: string;
  event_type: string;
  /** `sent`, `refused` (the SMTP server said no for good) or `expired` (a reset link past its time). */
  outcome: 'sent' | 'refused' | 'expired';
  processed_at: ColumnType<Date, Date | undefined, never>;
}

export interface CampaignsTable {
  id: string;
  channel: CampaignChannel;
  layout: CampaignLayout;
  locale: Locale;
  sort: UserSort;
  filter: ColumnType<UserFilter, string, never>;
  status: CampaignStatus;
  created_by: string;
  created_by_username: string;
  created_by_role: Role;
  /** The launcher's name when launched (null for campaigns launched before it was kept). */
  created_by_name: ColumnType<string | null, string | null | undefined, never>;
  school_ids: string[];
  /** Emptied by migration 0005 and never written again (an older replica's, during a rollout, is erased as the campaign moves on). */
  launch_token: ColumnType<string | null, never, null>;
  /** Identity's delegation for freezing this campaign's selection, until it is frozen. */
  launch_delegation: string | null;
  selected: Generated<number>;
  written: Generated<number>;
  counts: ColumnType<CampaignCounts | null, string | null, string | null>;
  pages: number | null;
  bytes: number | null;
  error: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  finished_at: Date | null;
  document_deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface RecipientChild {
  name: string;
  classes: string[];
}

export interface CampaignRecipientsTable {
  campaign_id: string;
  account_id: string;
  position: number | null;
  username: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  role: Role;
  profile: Profile | null;
  sort_name: string;
  school_uai: string | null;
  school_name: string | null;
  class_name: string | null;
  classes: string[];
  /** A relative's children and their classes, printed on its letter (null: none, or frozen before they were kept). */
  children: ColumnType<RecipientChild[] | null, string | null | undefined, never>;
  activated: boolean;
  activation_code: string | null;
  activation_code_expires_at: Date | null;
  email: string | null;
  status: RecipientStatus;
  detail: string | null;
  attempts: Generated<number>;
  claim: string | null;
  message_id: string | null;
  status_at: Date | null;
}

export type CampaignRow = Selectable<CampaignsTable>;
export type RecipientRow = Selectable<CampaignRecipientsTable>;
export type NewRecipient = Insertable<CampaignRecipientsTable>;

export interface MailmergeDatabase {
  outbox: OutboxTable;
  processed_events: ProcessedEventsTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
}

export type Db = Kysely<MailmergeDatabase>;
