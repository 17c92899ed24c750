import { Inject, Injectable } from '@nestjs/common';
import { PROFILE_ORDER_SQL, type RecipientStatus, type UserSort } from '@sesame/contracts';
import { DATABASE } from '@sesame/database';
import { RawBuilder, sql } from 'kysely';
import type { Db, NewRecipient, RecipientRow } from '../database/schema';
import { RecipientCodes } from './recipient-codes';

/** A class of the document: its letters follow its cover sheet. */
export interface LetterGroup {
  schoolUai: string | null;
  schoolName: string | null;
  className: string | null;
  letters: number;
}

/**
 * The order of the letters, as the launcher chose it (see CreateCampaignSchema): alphabetical across
 * the whole selection; by school, class (French collation: 6e B before 6e C, accents aside), then
 * name; or by profile (PROFILE_ORDER, staff after), then name. Names: the selection's folded key
 * (`sort_name`: last name, first name, login, accents and case set aside), as GET /users sorts.
 */
const LETTER_ORDER: Record<UserSort, RawBuilder<unknown>> = {
  name: sql`sort_name, account_id`,
  profile: sql`array_position(${sql.raw(PROFILE_ORDER_SQL)}, profile) NULLS LAST, role, sort_name, account_id`,
  class: sql`school_uai NULLS LAST, class_name COLLATE "fr-x-icu" NULLS LAST, sort_name, account_id`,
};

const UNFINISHED: RecipientStatus[] = ['pending', 'claimed'];

/**
 * The columns of a frozen recipient (NewRecipient) as insertSnapshot reads them from JSON: name,
 * type in the JSON record, and the cast to the column's type where they differ (`children` comes as
 * the JSON text snapshotOf made).
 */
export const SNAPSHOT_COLUMNS: ReadonlyArray<readonly [keyof NewRecipient & string, string, string?]> = [
  ['campaign_id', 'uuid'],
  ['account_id', 'uuid'],
  ['username', 'text'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['display_name', 'text'],
  ['role', 'text'],
  ['profile', 'text'],
  ['sort_name', 'text'],
  ['school_uai', 'text'],
  ['school_name', 'text'],
  ['class_name', 'text'],
  ['classes', 'text[]'],
  ['children', 'text', 'jsonb'],
  ['activated', 'boolean'],
  ['activation_code', 'text'],
  ['activation_code_expires_at', 'timestamptz'],
  ['email', 'text'],
  ['status', 'text'],
  ['detail', 'text'],
  ['status_at', 'timestamptz'],
];

/** Every query on the recipients of campaigns. Activation codes go in sealed and come out opened (RecipientCodes). */
@Injectable()
export class RecipientsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    private readonly codes: RecipientCodes,
  ) {}

  /**
   * Adds a page of the frozen selection in one statement; a page read again after a crash adds
   * nothing twice. The page travels as one JSON parameter: a VALUES list takes 21 parameters a row,
   * and a page of more than 3,120 rows went past PostgreSQL's 65,535 (DISTRIBUTION_PAGE_MAX is 5,000).
   */
  async insertSnapshot(rows: NewRecipient[]): Promise<void> {
    if (rows.length === 0) return;
    const sealed = rows.map((r) => ({ ...r, activation_code: this.codes.seal(r.activation_code ?? null, r.campaign_id, r.account_id) }));
    await sql`
      INSERT INTO campaign_recipients (${sql.raw(SNAPSHOT_COLUMNS.map(([name]) => name).join(', '))})
      SELECT ${sql.raw(SNAPSHOT_COLUMNS.map(([name, , cast]) => (cast ? `${name}::${cast}` : name)).join(', '))}
      FROM json_to_recordset(${JSON.stringify(sealed)}::json) AS r(${sql.raw(SNAPSHOT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', '))})
      ON CONFLICT (campaign_id, account_id) DO NOTHING`.execute(this.db);
  }

  /** Where an interrupted snapshot of a range of ids resumes: identity pages by account id. */
  async lastSnapshotted(campaignId: string, range: { after?: string; upTo?: string } = {}): Promise<string | undefined> {
    let query = this.db.selectFrom('campaign_recipients').select('account_id').where('campaign_id', '=', campaignId);
    if (range.after) query = query.where('account_id', '>', range.after);
    if (range.upTo) query = query.where('account_id', '<=', range.upTo);
    const row = await query.orderBy('account_id', 'desc').limit(1).executeTakeFirst();
    return row?.account_id;
  }

  /** Numbers the recipients in letter order (once the selection is complete); returns how many. */
  async assignPositions(trx: Db, campaignId: string, sort: UserSort): Promise<number> {
    const result = await sql`
      UPDATE campaign_recipients r SET position = o.n
      FROM (SELECT account_id, row_number() OVER (ORDER BY ${LETTER_ORDER[sort]}) AS n FROM campaign_recipients WHERE campaign_id = ${campaignId}) o
      WHERE r.campaign_id = ${campaignId} AND r.account_id = o.account_id`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  }

  /** How many letters the document holds (every recipient not skipped). */
  async letterCount(campaignId: string): Promise<number> {
    const row = await this.db
      .selectFrom('campaign_recipients')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('status', '<>', 'skipped')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The classes of the document in letter order, with their numbers of letters (letters sorted by class). */
  async letterGroups(campaignId: string): Promise<LetterGroup[]> {
    const rows = await this.db
      .selectFrom('campaign_recipients')
      .select(['school_uai', 'school_name', 'class_name'])
      .select((eb) => [eb.fn.countAll<number>().as('letters'), eb.fn.min('position').as('first')])
      .where('campaign_id', '=', campaignId)
      .where('status', '<>', 'skipped')
      .groupBy(['school_uai', 'school_name', 'class_name'])
      .orderBy('first')
      .execute();
    return rows.map((r) => ({ schoolUai: r.school_uai, schoolName: r.school_name, className: r.class_name, letters: Number(r.letters) }));
  }

  /** Letters after `position`, in order. */
  async letters(campaignId: string, afterPosition: number, limit: number): Promise<RecipientRow[]> {
    const rows = await this.db
      .selectFrom('campaign_recipients')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .where('position', '>', afterPosition)
      .where('status', '<>', 'skipped')
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map((r) => this.opened(r));
  }

  /** Recipients whose email is still to send, after `position`, in order. */
  async pendingEmails(campaignId: string, afterPosition: number, limit: number): Promise<Array<{ accountId: string; position: number }>> {
    const rows = await this.db
      .selectFrom('campaign_recipients')
      .select(['account_id', 'position'])
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'pending')
      .where('position', '>', afterPosition)
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, position: r.position! }));
  }

  async find(campaignId: string, accountId: string): Promise<RecipientRow | undefined> {
    const row = await this.db.selectFrom('campaign_recipients').selectAll().where('campaign_id', '=', campaignId).where('account_id', '=', accountId).executeTakeFirst();
    return row && this.opened(row);
  }

  /**
   * Takes a pending recipient for one attempt, atomically: only one attempt ever holds it, and one
   * that finds it held by an attempt that never finished does not send again (see abandonClaim).
   */
  async claim(campaignId: string, accountId: string, claim: string): Promise<RecipientRow | undefined> {
    const row = await this.db
      .updateTable('campaign_recipients')
      .set((eb) => ({ status: 'claimed', claim, attempts: eb('attempts', '+', 1), status_at: new Date() }))
      .where('campaign_id', '=', campaignId)
      .where('account_id', '=', accountId)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    return row && this.opened(row);
  }

  /**
   * An attempt that found the recipient still claimed by an earlier one: that one died between
   * claiming and recording (a killed worker), so whether its email left is unknown. It is not sent
   * again; the recipient is reported `uncertain`. Returns whether this call made it so.
   */
  async abandonClaim(campaignId: string, accountId: string, detail: string): Promise<boolean> {
    const result = await this.db
      .updateTable('campaign_recipients')
      .set({ status: 'uncertain', detail, status_at: new Date() })
      .where('campaign_id', '=', campaignId)
      .where('account_id', '=', accountId)
      .where('status', '=', 'claimed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * The outcome of the attempt holding `claim`: sent, failed, or back to pending for a later attempt
   * (a transient failure). A sent or failed outcome also settles a recipient another attempt
   * meanwhile declared uncertain (this one was only slow): what it learnt is the truth; one declared
   * uncertain is never put back to pending (the job that would send it again has ended).
   */
  async settle(campaignId: string, accountId: string, claim: string, outcome: { status: 'sent' | 'failed' | 'pending'; detail: string | null; messageId?: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('campaign_recipients')
      .set({ status: outcome.status, detail: outcome.detail, message_id: outcome.messageId ?? null, status_at: new Date(), claim: outcome.status === 'pending' ? null : claim })
      .where('campaign_id', '=', campaignId)
      .where('account_id', '=', accountId)
      .where('claim', '=', claim)
      .where('status', 'in', outcome.status === 'pending' ? ['claimed'] : ['claimed', 'uncertain'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A recipient whose every attempt ended without an answer (the job gave up). */
  async giveUp(campaignId: string, accountId: string, detail: string): Promise<void> {
    await this.db
      .updateTable('campaign_recipients')
      .set({ status: sql<RecipientStatus>`CASE WHEN status = 'claimed' THEN 'uncertain' ELSE 'failed' END`, detail, status_at: new Date() })
      .where('campaign_id', '=', campaignId)
      .where('account_id', '=', accountId)
      .where('status', 'in', UNFINISHED)
      .execute();
  }

  async hasUnfinished(campaignId: string, db: Db = this.db): Promise<boolean> {
    const row = await db
      .selectFrom('campaign_recipients')
      .select('account_id')
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', UNFINISHED)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async countByStatus(campaignId: string, db: Db = this.db): Promise<Array<{ status: RecipientStatus; n: number }>> {
    const rows = await db
      .selectFrom('campaign_recipients')
      .select('status')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaignId)
      .groupBy('status')
      .execute();
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  }

  /** Every letter of a completed document is printed. */
  async markPrinted(trx: Db, campaignId: string): Promise<void> {
    await trx.updateTable('campaign_recipients').set({ status: 'printed', status_at: new Date() }).where('campaign_id', '=', campaignId).where('status', '=', 'pending').execute();
  }

  /** The accounts given their login information (letters printed, emails sent), by account id. */
  async distributed(trx: Db, campaignId: string, after: string | undefined, limit: number): Promise<string[]> {
    let query = trx
      .selectFrom('campaign_recipients')
      .select('account_id')
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', ['printed', 'sent'])
      .orderBy('account_id')
      .limit(limit);
    if (after) query = query.where('account_id', '>', after);
    return (await query.execute()).map((r) => r.account_id);
  }

  async page(campaignId: string, status: RecipientStatus | undefined, page: number, pageSize: number): Promise<{ total: number; rows: RecipientRow[] }> {
    let base = this.db.selectFrom('campaign_recipients').where('campaign_id', '=', campaignId);
    if (status) base = base.where('status', '=', status);
    const [rows, total] = await Promise.all([
      base
        .selectAll()
        .orderBy('position')
        .orderBy('account_id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(total.n), rows: rows.map((r) => this.opened(r)) };
  }

  private opened(row: RecipientRow): RecipientRow {
    return { ...row, activation_code: this.codes.open(row.activation_code, row.campaign_id, row.account_id) };
  }
}
