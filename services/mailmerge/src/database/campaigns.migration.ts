import { Kysely, Migration, sql } from 'kysely';

/**
 * Campaigns and their recipients. A recipient row is the frozen copy of what identity said about the
 * account at launch (what the letter or email shows), and the state of its letter or email.
 */
export const campaignsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('pdf', 'email')),
        layout smallint NOT NULL CHECK (layout IN (1, 2, 8)),
        locale text NOT NULL CHECK (locale IN ('fr', 'en')),
        sort text NOT NULL,
        filter jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('preparing', 'running', 'completed', 'failed')),
        created_by uuid NOT NULL,
        created_by_username text NOT NULL,
        created_by_role text NOT NULL,
        -- The launcher's schools at launch: the administrators and supervisors of these may read it.
        school_ids uuid[] NOT NULL,
        -- The launcher's access token, until the selection is frozen (then erased).
        launch_token text,
        selected integer NOT NULL DEFAULT 0,
        -- Letters written so far (the PDF's progress).
        written integer NOT NULL DEFAULT 0,
        -- Final counts, once completed (live ones come from the recipients).
        counts jsonb,
        pages integer,
        bytes bigint,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX campaigns_recent ON campaigns (created_at DESC, id);
      CREATE INDEX campaigns_by_launcher ON campaigns (created_by, created_at DESC);

      CREATE TABLE campaign_recipients (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        account_id uuid NOT NULL,
        -- Order of the letters: school, class, then the order chosen (set once the selection is frozen).
        position integer,
        username text NOT NULL,
        first_name text,
        last_name text,
        display_name text NOT NULL,
        role text NOT NULL,
        profile text,
        sort_name text COLLATE "C" NOT NULL,
        school_uai text,
        school_name text,
        class_name text,
        classes text[] NOT NULL,
        activated boolean NOT NULL,
        activation_code text,
        activation_code_expires_at timestamptz,
        email text,
        status text NOT NULL CHECK (status IN ('pending', 'claimed', 'printed', 'sent', 'skipped', 'failed', 'uncertain')),
        -- Why skipped, or the mail server's answer.
        detail text,
        attempts integer NOT NULL DEFAULT 0,
        -- The attempt that holds the row while its email is on its way.
        claim uuid,
        message_id text,
        status_at timestamptz,
        PRIMARY KEY (campaign_id, account_id)
      );
      CREATE INDEX campaign_recipients_order ON campaign_recipients (campaign_id, position);
      CREATE INDEX campaign_recipients_status ON campaign_recipients (campaign_id, status);
    `.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`DROP TABLE campaign_recipients; DROP TABLE campaigns;`.execute(db);
  },
};
