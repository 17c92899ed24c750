import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import {
  FeedView,
  JOB_QUEUES,
  ServiceFailure,
  invalidField,
  type ConfirmFeedSchema,
  type FeedChangesQuerySchema,
  type FeedReadError,
  type OpenFeedSchema,
  type StageFeedSchema,
  type CloseFeedSchema,
} from '@sesame/contracts';
import { isUniqueViolation } from '@sesame/database';
import { Queue } from 'bullmq';
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { ChangeRecorder } from '../audit/change-recorder';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { FeedApplyRepository } from './feed-apply.repository';
import { FeedRow, FeedsRepository, feedView } from './feeds.repository';
import { heldWithoutReason, mayHandleFeed, stagedLinks, stagedPerson } from './feeds.rules';

/** A retried apply waits 5 s, 10 s, 20 s … between attempts. */
export const APPLY_ATTEMPTS = 4;

/**
 * Feeds on identity's side (issue 15): who may open one, the importer's staging and close (with
 * the feed's delegation), the diff's views, and the confirmation that starts the apply.
 */
@Injectable()
export class FeedsService {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly feeds: FeedsRepository,
    private readonly applies: FeedApplyRepository,
    private readonly changes: ChangeRecorder,
    @InjectQueue(JOB_QUEUES.identityFeeds.name) private readonly queue: Queue,
  ) {}

  async open(actor: Actor, input: z.output<typeof OpenFeedSchema>, requestId?: string): Promise<FeedView> {
    if (input.kind === 'school' && !input.uai) throw invalidField('uai', 'feed.uai_required');
    const uai = input.kind === 'school' ? input.uai : null;
    const schoolId = await this.feeds.schoolIdOf(uai);
    if (!mayHandleFeed(actor, { kind: input.kind, schoolId })) throw new ServiceFailure('forbidden');
    const existing = await this.feeds.find(input.feedId);
    if (existing) {
      if (existing.created_by !== actor.id) throw new ServiceFailure('forbidden');
      return this.view(existing);
    }
    await this.changes.record(async ({ trx, audit }) => {
      await this.feeds.create({ id: input.feedId, kind: input.kind, uai, files: input.files, createdBy: actor.id }, trx);
      await audit({ actorId: actor.id, action: 'feed.open', targetId: input.feedId, after: { kind: input.kind, uai, files: input.files }, requestId });
    });
    return this.view((await this.feeds.find(input.feedId))!);
  }

  async stage(actor: Actor, input: z.output<typeof StageFeedSchema>): Promise<{ staged: number }> {
    const feed = await this.owned(actor, input.feedId);
    if (feed.status !== 'reading') throw conflict('feed_not_reading', { status: feed.status });
    const persons = input.records.flatMap((r) => (r.kind === 'person' ? [r] : []));
    const schools = input.records.flatMap((r) => (r.kind === 'school' ? [r] : []));
    if (feed.kind === 'school') {
      // A school export speaks of its own school only.
      const foreign = [...schools.map((s) => s.uai), ...persons.flatMap((p) => [...p.schools, ...p.classes.map((c) => c.uai)])].find((u) => u !== feed.uai);
      if (foreign) throw invalidField('records', 'feed.uai_mismatch', { uai: foreign, expected: feed.uai! });
    }
    try {
      await this.feeds.stage(feed.id, input.chunk, persons.map(stagedPerson), stagedLinks(persons), schools);
    } catch (error) {
      if (isUniqueViolation(error, 'feed_persons_key')) throw conflict('feed_duplicate_key', { chunk: input.chunk });
      throw error;
    }
    return { staged: persons.length };
  }

  async close(actor: Actor, input: z.output<typeof CloseFeedSchema>): Promise<FeedView> {
    const feed = await this.owned(actor, input.feedId);
    if (feed.status !== 'reading') return this.view(feed);
    const staged = await this.feeds.stagedCounts(feed.id);
    if (staged.chunks !== input.chunks || staged.persons !== input.persons) {
      throw conflict('feed_incomplete', { chunks: staged.chunks, persons: staged.persons, expectedChunks: input.chunks, expectedPersons: input.persons });
    }
    const source = await this.feeds.stagedSource(feed.id);
    if (await this.feeds.move(feed.id, ['reading'], 'diffing', { records: staged.persons, files: input.files, source })) {
      await this.queue.add(JOB_QUEUES.identityFeeds.jobs.diff.name, { feedId: feed.id }, { attempts: 3, backoff: { type: 'exponential', delay: 2_000 } });
    }
    return this.view((await this.feeds.find(feed.id))!);
  }

  async fail(actor: Actor, input: { feedId: string; error: FeedReadError }): Promise<FeedView> {
    const feed = await this.owned(actor, input.feedId);
    await this.feeds.move(feed.id, ['reading', 'diffing'], 'failed', { error: input.error });
    return this.view((await this.feeds.find(feed.id))!);
  }

  async list(actor: Actor, page: number, pageSize: number): Promise<{ total: number; items: FeedView[] }> {
    if (actor.role !== 'manager' && actor.role !== 'administrator') throw new ServiceFailure('forbidden');
    const uais = actor.role === 'manager' ? null : await this.feeds.uaisOf(actor.schoolIds);
    const { total, rows } = await this.feeds.list(uais, page, pageSize);
    return { total, items: await Promise.all(rows.map((r) => this.view(r))) };
  }

  async get(actor: Actor, id: string): Promise<FeedView> {
    return this.view(await this.visible(actor, id));
  }

  async changesOf(actor: Actor, query: z.output<typeof FeedChangesQuerySchema>) {
    await this.visible(actor, query.id);
    const items = await this.feeds.changes(query);
    return { items, next: items.length === query.limit ? items.at(-1)!.seq : null };
  }

  /**
   * Starts the apply. Refused while a held school has no reason (each reason audited), and when the
   * directory changed since the diff for the accounts it shows: the diff is then computed again.
   */
  async confirm(actor: Actor, input: z.output<typeof ConfirmFeedSchema>, requestId?: string): Promise<FeedView> {
    const feed = await this.visible(actor, input.id);
    if (feed.status === 'applying' || feed.status === 'applied') return this.view(feed);
    if (feed.status !== 'ready') throw conflict('feed_not_ready', { status: feed.status });
    const missing = heldWithoutReason(feed.schools, input.held);
    if (missing.length) throw conflict('feed_held', { uais: missing.join(', ') });
    const heldUais = new Set(feed.schools.filter((s) => s.held).map((s) => s.uai));
    const reasons = input.held.filter((h) => heldUais.has(h.uai));

    const outcome = await this.changes.record(async ({ trx, audit }) => {
      if ((await this.applies.staleChanges(trx, feed.id)) > 0) return 'stale' as const;
      if (!(await this.feeds.confirm(trx, feed.id, actor.id, reasons))) return 'moved' as const;
      await audit({ actorId: actor.id, action: 'feed.confirm', targetId: feed.id, after: { totals: feed.totals, heldConfirmations: reasons }, requestId });
      return 'confirmed' as const;
    });
    if (outcome === 'stale') {
      if (await this.feeds.move(feed.id, ['ready'], 'diffing')) await this.queue.add(JOB_QUEUES.identityFeeds.jobs.diff.name, { feedId: feed.id });
      throw conflict('feed_stale');
    }
    if (outcome === 'confirmed') {
      await this.queue.add(JOB_QUEUES.identityFeeds.jobs.apply.name, { feedId: feed.id }, { attempts: APPLY_ATTEMPTS, backoff: { type: 'exponential', delay: 5_000 } });
    }
    return this.view((await this.feeds.find(feed.id))!);
  }

  /** A feed the importer stages into: only with the delegation of the person who opened it. */
  private async owned(actor: Actor, id: string): Promise<FeedRow> {
    const feed = await this.feeds.find(id);
    if (!feed) throw new ServiceFailure('not_found');
    if (feed.created_by !== actor.id) throw new ServiceFailure('forbidden');
    return feed;
  }

  private async visible(actor: Actor, id: string): Promise<FeedRow> {
    const feed = await this.feeds.find(id);
    if (!feed) throw new ServiceFailure('not_found');
    if (!mayHandleFeed(actor, { kind: feed.kind, schoolId: await this.feeds.schoolIdOf(feed.uai) })) throw new ServiceFailure('not_found');
    return feed;
  }

  private async view(row: FeedRow): Promise<FeedView> {
    const records = row.status === 'reading' ? (await this.feeds.stagedCounts(row.id)).persons : row.records;
    return feedView({ ...row, records }, this.config.FEED_MAX_LEAVERS_PERCENT);
  }
}

function conflict(reason: string, params: Record<string, string | number> = {}): ServiceFailure {
  return new ServiceFailure('conflict', { params: { reason, ...params } });
}
