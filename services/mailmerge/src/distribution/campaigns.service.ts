import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import {
  CampaignCounts,
  CampaignPreview,
  CampaignPreviewRequest,
  CampaignView,
  CreateCampaign,
  DELEGATED_OPERATIONS,
  DistributionCaller,
  IdentityDelegationRpc,
  IdentityDistributionRpc,
  JOB_QUEUES,
  RecipientStatus,
  RecipientView,
  ServiceFailure,
} from '@sesame/contracts';
import { Queue } from 'bullmq';
import type { CampaignRow, RecipientRow } from '../database/schema';
import { IdentityClient } from '../identity/identity.client';
import { campaignSchools, canLaunch, canReadCampaign } from '../campaigns/campaign-access.rules';
import { CampaignsRepository, launcherOf } from '../campaigns/campaigns.repository';
import { countsOf, previewOf, progressOf } from '../campaigns/recipient.rules';
import { RecipientsRepository } from '../campaigns/recipients.repository';

/** Launching campaigns and reading them, within the caller's rights (identity says who calls). */
@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);

  constructor(
    private readonly identity: IdentityClient,
    private readonly campaigns: CampaignsRepository,
    private readonly recipients: RecipientsRepository,
    @InjectQueue(JOB_QUEUES.mailmergeCampaigns.name) private readonly queue: Queue,
  ) {}

  /**
   * Records the campaign and queues its job, which freezes the selection at once. Before that, one
   * account is read with the caller's token: identity refuses members and schools or classes outside
   * the caller's scope, and says who the caller is; an empty selection is refused here. The job
   * reads the selection with a delegation identity signs for this campaign and this filter only:
   * the caller's token is not kept.
   */
  async create(token: string | undefined, input: CreateCampaign, requestId?: string): Promise<CampaignView> {
    const probe = await this.identity.call(IdentityDistributionRpc.select, { filter: input.filter, limit: 1 }, { token, requestId });
    const { caller } = probe;
    if (!canLaunch(caller)) throw new ServiceFailure('forbidden');
    if (probe.rows.length === 0) throw new ServiceFailure('conflict', { params: { reason: 'empty_selection' } });
    const id = randomUUID();
    const { delegation } = await this.identity.call(
      IdentityDelegationRpc.issue,
      { op: DELEGATED_OPERATIONS.freezeCampaign, ref: id, filter: input.filter },
      { token, requestId },
    );
    const row = await this.campaigns.insert({
      ...input,
      layout: input.channel === 'pdf' ? input.layout : 1,
      id,
      createdBy: { id: caller.id, username: caller.username, name: caller.displayName, role: caller.role },
      schoolIds: campaignSchools(caller, input.filter),
      launchDelegation: delegation,
    });
    const job = JOB_QUEUES.mailmergeCampaigns.jobs.runCampaign;
    try {
      await this.queue.add(job.name, job.data.parse({ campaignId: id }), { jobId: id });
    } catch (error) {
      await this.campaigns.markFailed(id, 'service_unavailable', countsOf([]));
      this.logger.error({ err: error, campaignId: id }, 'Campaign job could not be queued');
      throw new ServiceFailure('service_unavailable');
    }
    this.logger.log({ campaignId: id, channel: input.channel, layout: row.layout, launchedBy: caller.id }, 'Campaign launched');
    return this.view(row, countsOf([]));
  }

  /**
   * Before launching: how many accounts of the selection the campaign would reach, and how many it
   * would leave out and why (deactivated, pre-deleted, no email, code missing or expired), by the
   * rules the campaign itself applies. Counted by identity with the caller's token (same scope and
   * refusals as launching).
   */
  async preview(token: string | undefined, input: CampaignPreviewRequest, requestId?: string): Promise<CampaignPreview> {
    const tally = await this.identity.call(IdentityDistributionRpc.tally, { filter: input.filter }, { token, requestId });
    if (!canLaunch(tally.caller)) throw new ServiceFailure('forbidden');
    return previewOf(tally.groups, input.channel, new Date());
  }

  async list(token: string | undefined, page: number, pageSize: number): Promise<{ total: number; items: CampaignView[] }> {
    const caller = await this.reader(token);
    const { total, rows } = await this.campaigns.list(
      caller.role === 'manager' ? { everything: true } : { everything: false, userId: caller.id, schoolIds: caller.schoolIds },
      page,
      pageSize,
    );
    return { total, items: await Promise.all(rows.map(async (row) => this.view(row, await this.countsOf(row)))) };
  }

  async get(token: string | undefined, id: string): Promise<CampaignView> {
    const campaign = await this.readable(token, id);
    return this.view(campaign, await this.countsOf(campaign));
  }

  async recipientsOf(
    token: string | undefined,
    input: { id: string; status?: RecipientStatus; page: number; pageSize: number },
  ): Promise<{ total: number; items: RecipientView[] }> {
    await this.readable(token, input.id);
    const { total, rows } = await this.recipients.page(input.id, input.status, input.page, input.pageSize);
    return { total, items: rows.map(recipientView) };
  }

  /** The campaign, when the caller may read it (its recipients, its document): else refused. */
  async readable(token: string | undefined, id: string): Promise<CampaignRow> {
    const caller = await this.reader(token);
    const campaign = await this.campaigns.find(id);
    if (!campaign) throw new ServiceFailure('not_found');
    if (!canReadCampaign(caller, { createdBy: campaign.created_by, schoolIds: campaign.school_ids })) throw new ServiceFailure('forbidden');
    return campaign;
  }

  private async reader(token: string | undefined): Promise<DistributionCaller> {
    const caller = await this.identity.call(IdentityDistributionRpc.caller, {}, { token });
    if (!canLaunch(caller)) throw new ServiceFailure('forbidden');
    return caller;
  }

  private async countsOf(campaign: CampaignRow): Promise<CampaignCounts> {
    return campaign.counts ?? countsOf(await this.recipients.countByStatus(campaign.id));
  }

  private view(row: CampaignRow, counts: CampaignCounts): CampaignView {
    const finished = row.status === 'completed';
    return {
      id: row.id,
      channel: row.channel,
      layout: row.layout,
      locale: row.locale,
      sort: row.sort,
      filter: row.filter,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      createdBy: { id: row.created_by, username: row.created_by_username, name: launcherOf(row), role: row.created_by_role },
      finishedAt: row.finished_at?.toISOString() ?? null,
      counts,
      progress: progressOf(row.channel, counts, row.written, finished),
      document:
        row.pages !== null && row.bytes !== null
          ? { pages: row.pages, bytes: Number(row.bytes), deletedAt: row.document_deleted_at?.toISOString() ?? null }
          : null,
      error: row.error,
    };
  }
}

function recipientView(row: RecipientRow): RecipientView {
  return {
    accountId: row.account_id,
    username: row.username,
    displayName: row.display_name,
    className: row.class_name,
    email: row.email,
    status: row.status,
    detail: row.detail,
    attempts: row.attempts,
    at: row.status_at?.toISOString() ?? null,
  };
}
