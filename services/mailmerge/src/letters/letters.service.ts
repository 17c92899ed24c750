import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import type { CampaignRow, RecipientRow } from '../database/schema';
import { launcherOf } from '../campaigns/campaigns.repository';
import { LetterGroup, RecipientsRepository } from '../campaigns/recipients.repository';
import { coverContent } from './cover-text.rules';
import { letterRecipientOf } from './letter-text.rules';
import { RenderThread } from './render-thread';
import { sheetsFor } from './sheet-layout.rules';

/** Letters read from the database, and sent to the rendering thread, at a time. */
const PAGE = 250;
/** Letters between two progress reports. */
const PROGRESS_EVERY = 1000;

export class RenderingInterrupted extends Error {
  constructor() {
    super('rendering interrupted: the service is stopping');
    this.name = 'RenderingInterrupted';
  }
}

/**
 * Writes a campaign's PDF to DOCUMENTS_DIR from its frozen recipients, in the order chosen (sorted
 * by class: the letters of each class after a cover sheet), read from the database a page at a time and handed to a rendering thread
 * (see RenderThread) that streams them to the file, one batch at a time, so memory stays flat
 * whatever the number of letters. Written beside its final name and renamed when complete.
 */
@Injectable()
export class LettersService {
  private readonly logger = new Logger(LettersService.name);
  private readonly dir: string;

  constructor(
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    private readonly recipients: RecipientsRepository,
  ) {
    this.dir = resolve(process.cwd(), config.DOCUMENTS_DIR);
  }

  documentPath(campaignId: string): string {
    return join(this.dir, `${campaignId}.pdf`);
  }

  /** Deletes a campaign's document; one already gone is no failure. */
  async deleteDocument(campaignId: string): Promise<void> {
    await rm(this.documentPath(campaignId), { force: true });
  }

  /**
   * Deletes the `.partial` files nothing has written to since `before`: a rendering writes to its
   * file all along, so such a file is one whose replica was killed and whose job gave up. Returns
   * how many were deleted.
   */
  async deleteAbandonedPartials(before: Date): Promise<number> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    let deleted = 0;
    for (const name of names.filter((n) => n.endsWith('.pdf.partial'))) {
      const path = join(this.dir, name);
      const stats = await stat(path).catch(() => null);
      if (stats && stats.mtime < before) {
        await rm(path, { force: true });
        deleted++;
      }
    }
    return deleted;
  }

  async render(
    campaign: CampaignRow,
    options: { progress: (written: number) => Promise<void>; stopping: () => boolean },
  ): Promise<{ pages: number; bytes: number; letters: number } | null> {
    const groups = await this.groupsOf(campaign);
    // Every account skipped: no document at all (a PDF without a page is not one).
    if (groups.length === 0) return null;
    await mkdir(this.dir, { recursive: true });
    const path = this.documentPath(campaign.id);
    const partial = `${path}.partial`;
    const thread = new RenderThread({ heapMb: this.config.PDF_RENDER_HEAP_MB });
    let totals = { letters: 0, pages: 0 };
    try {
      await thread.request({
        kind: 'open',
        path: partial,
        title: campaign.locale === 'fr' ? 'Courriers de distribution des comptes Sesame' : 'Sesame account letters',
        author: launcherOf(campaign),
        locale: campaign.locale,
        layout: campaign.layout,
        publicUrl: this.config.PUBLIC_URL,
      });
      const chunks = groups.map((group) => Array.from({ length: Math.ceil(group.letters / PAGE) }, (_, i) => Math.min(PAGE, group.letters - i * PAGE)));
      const pages = this.pages(campaign.id, chunks.flat());
      let reported = 0;
      for (const [g, group] of groups.entries()) {
        if (group.cover) {
          const cover = coverContent(
            { ...group, sheets: sheetsFor(group.letters, campaign.layout) },
            { locale: campaign.locale, layout: campaign.layout, launchedAt: campaign.created_at, launchedBy: launcherOf(campaign) },
          );
          await thread.request({ kind: 'cover', content: cover });
        }
        for (let c = 0; c < chunks[g].length; c++) {
          if (options.stopping()) throw new RenderingInterrupted();
          const rows = (await pages.next()).value;
          if (!rows || rows.length !== chunks[g][c]) throw new Error(`campaign ${campaign.id}: letters missing in ${group.className ?? 'no class'}`);
          totals = await thread.request({ kind: 'letters', letters: rows.map(letterRecipientOf) });
          if (totals.letters - reported >= PROGRESS_EVERY) {
            reported = totals.letters;
            await options.progress(totals.letters);
          }
        }
      }
      totals = await thread.request({ kind: 'close' });
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    } finally {
      await thread.stop();
    }
    const { size } = await stat(path);
    this.logger.log({ campaignId: campaign.id, ...totals, bytes: size }, 'Campaign document written');
    return { ...totals, bytes: size };
  }

  /**
   * The runs of letters of the document: sorted by class, each class after its cover sheet (to hand
   * out class by class); else one run without a cover, exactly in the order chosen.
   */
  private async groupsOf(campaign: CampaignRow): Promise<Array<LetterGroup & { cover: boolean }>> {
    if (campaign.sort === 'class') return (await this.recipients.letterGroups(campaign.id)).map((group) => ({ ...group, cover: true }));
    const letters = await this.recipients.letterCount(campaign.id);
    return letters ? [{ schoolUai: null, schoolName: null, className: null, letters, cover: false }] : [];
  }

  /** The letters in order, in pages of the given sizes, each read while the one before is drawn. */
  private async *pages(campaignId: string, sizes: number[]): AsyncGenerator<RecipientRow[]> {
    let position = 0;
    const read = async (limit: number) => {
      const rows = await this.recipients.letters(campaignId, position, limit);
      if (rows.length) position = rows[rows.length - 1].position!;
      return rows;
    };
    let next = sizes.length ? read(sizes[0]) : undefined;
    for (let i = 0; i < sizes.length; i++) {
      const rows = await next!;
      next = i + 1 < sizes.length ? read(sizes[i + 1]) : undefined;
      // Awaited on the next turn; if the document is given up before, its failure is not an orphan.
      next?.catch(() => undefined);
      yield rows;
    }
  }
}
