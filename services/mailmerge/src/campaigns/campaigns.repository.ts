import { Inject, Injectable } from '@nestjs/common';
import type { CampaignCounts, CreateCampaign, Role } from '@sesame/contracts';
import { DATABASE } from '@sesame/database';
import { sql } from 'kysely';
import type { CampaignRow, Db } from '../database/schema';

/** Who may list which campaigns (see canReadCampaign). */
export type Visibility = { everything: true } | { everything: false; userId: string; schoolIds: readonly string[] };

export interface NewCampaign extends CreateCampaign {
  id: string;
  createdBy: { id: string; username: string; name: string; role: Role };
  schoolIds: string[];
  /** Identity's delegation for freezing this campaign's selection (never the launcher's token). */
  launchDelegation: string;
}

/** Who launched the campaign, by name (by login for campaigns launched before names were kept). */
export const launcherOf = (campaign: Pick<CampaignRow, 'created_by_name' | 'created_by_username'>): string => campaign.created_by_name ?? campaign.created_by_username;

/** Erased once the selection is frozen or the campaign ends (launch_token: see migration 0005). */
const NO_LAUNCH_SECRET = { launch_delegation: null, launch_token: null } as const;

/** Every query on the campaigns table. */
@Injectable()
export class CampaignsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async insert(c: NewCampaign): Promise<CampaignRow> {
    return this.db
      .insertInto('campaigns')
      .values({
        id: c.id,
        channel: c.channel,
        layout: c.layout,
        locale: c.locale,
        sort: c.sort,
        filter: JSON.stringify(c.filter),
        status: 'preparing',
        created_by: c.createdBy.id,
        created_by_username: c.createdBy.username,
        created_by_role: c.createdBy.role,
        created_by_name: c.createdBy.name,
        school_ids: c.schoolIds,
        launch_delegation: c.launchDelegation,
        counts: null,
        pages: null,
        bytes: null,
        error: null,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async find(id: string, db: Db = this.db): Promise<CampaignRow | undefined> {
    return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The campaign, locked until the end of the transaction (completion, failure). */
  async lock(trx: Db, id: string): Promise<CampaignRow | undefined> {
    return trx.selectFrom('campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async list(visibility: Visibility, page: number, pageSize: number): Promise<{ total: number; rows: CampaignRow[] }> {
    const visible = visibility.everything
      ? sql<boolean>`true`
      : sql<boolean>`(created_by = ${visibility.userId}
          OR (cardinality(school_ids) > 0 AND school_ids <@ ${sql.val([...visibility.schoolIds])}::uuid[]))`;
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom('campaigns')
        .selectAll()
        .where(visible)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      this.db.selectFrom('campaigns').select((eb) => eb.fn.countAll<number>().as('n')).where(visible).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(total.n), rows };
  }

  async launchDelegation(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('campaigns').select('launch_delegation').where('id', '=', id).executeTakeFirst();
    return row?.launch_delegation ?? null;
  }

  /** The selection is frozen: the delegation is no longer needed and is erased. */
  async markRunning(trx: Db, id: string, selected: number): Promise<void> {
    await trx
      .updateTable('campaigns')
      .set({ status: 'running', selected, ...NO_LAUNCH_SECRET })
      .where('id', '=', id)
      .where('status', '=', 'preparing')
      .execute();
  }

  async recordWritten(id: string, written: number): Promise<void> {
    await this.db.updateTable('campaigns').set({ written }).where('id', '=', id).execute();
  }

  async markCompleted(trx: Db, id: string, counts: CampaignCounts, document?: { pages: number; bytes: number }): Promise<Date> {
    const row = await trx
      .updateTable('campaigns')
      .set({
        status: 'completed',
        counts: JSON.stringify(counts),
        finished_at: new Date(),
        ...NO_LAUNCH_SECRET,
        ...(document ? { pages: document.pages, bytes: document.bytes, written: counts.printed } : {}),
      })
      .where('id', '=', id)
      .returning('finished_at')
      .executeTakeFirstOrThrow();
    return row.finished_at!;
  }

  /** Returns false when the campaign had already ended. */
  async markFailed(id: string, error: string, counts: CampaignCounts): Promise<boolean> {
    const result = await this.db
      .updateTable('campaigns')
      .set({ status: 'failed', error, counts: JSON.stringify(counts), finished_at: new Date(), ...NO_LAUNCH_SECRET })
      .where('id', '=', id)
      .where('status', 'in', ['preparing', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Letter campaigns whose document was written before `before` and is still kept, oldest first. */
  async documentsWrittenBefore(before: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .select('id')
      .where('pages', 'is not', null)
      .where('document_deleted_at', 'is', null)
      .where('finished_at', '<', before)
      .orderBy('finished_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async markDocumentDeleted(id: string): Promise<void> {
    await this.db.updateTable('campaigns').set({ document_deleted_at: new Date() }).where('id', '=', id).where('document_deleted_at', 'is', null).execute();
  }
}
