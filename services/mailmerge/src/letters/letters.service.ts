import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import type { CampaignRow } from '../database/schema';
import { letterRecipientOf } from '../campaigns/recipient.rules';
import { RecipientsRepository } from '../campaigns/recipients.repository';
import { coverContent } from './cover-text.rules';
import { LetterBook } from './letter-book';
import { PdfDocument } from './pdf-document';
import { sheetsFor } from './sheet-layout.rules';

/** Recipients read from the database per query while letters are drawn. */
const PAGE = 500;
/** Letters between two progress reports. */
const PROGRESS_EVERY = 1000;

export class RenderingInterrupted extends Error {
  constructor() {
    super('rendering interrupted: the service is stopping');
    this.name = 'RenderingInterrupted';
  }
}

/**
 * Writes a campaign's PDF to DOCUMENTS_DIR from its frozen recipients: the letters of each class
 * after a cover sheet, read from the database a page at a time and streamed to the file, so memory
 * stays flat whatever the number of letters. Written beside its final name and renamed when complete.
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

  async render(
    campaign: CampaignRow,
    options: { progress: (written: number) => Promise<void>; stopping: () => boolean },
  ): Promise<{ pages: number; bytes: number; letters: number } | null> {
    const groups = await this.recipients.letterGroups(campaign.id);
    // Every account skipped: no document at all (a PDF without a page is not one).
    if (groups.length === 0) return null;
    await mkdir(this.dir, { recursive: true });
    const path = this.documentPath(campaign.id);
    const partial = `${path}.partial`;
    const locale = campaign.locale === 'fr' ? 'fr-FR' : 'en-GB';
    const title = campaign.locale === 'fr' ? 'Courriers de distribution des comptes Sesame' : 'Sesame account letters';
    // Readable by the service alone: the letters carry activation codes.
    const pdf = new PdfDocument(createWriteStream(partial, { mode: 0o600 }), { title, author: campaign.created_by_username, locale });
    const book = new LetterBook(pdf, { layout: campaign.layout, locale: campaign.locale, publicUrl: this.config.PUBLIC_URL });
    try {
      let position = 0;
      for (const group of groups) {
        await book.cover(
          coverContent(
            { ...group, sheets: sheetsFor(group.letters, campaign.layout) },
            { locale: campaign.locale, layout: campaign.layout, launchedAt: campaign.created_at, launchedBy: campaign.created_by_username },
          ),
        );
        for (let left = group.letters; left > 0; ) {
          const rows = await this.recipients.letters(campaign.id, position, Math.min(PAGE, left));
          if (rows.length === 0) throw new Error(`campaign ${campaign.id}: letters missing after position ${position}`);
          for (const row of rows) {
            if (options.stopping()) throw new RenderingInterrupted();
            await book.letter(letterRecipientOf(row));
            if (book.letters % PROGRESS_EVERY === 0) await options.progress(book.letters);
          }
          position = rows[rows.length - 1].position!;
          left -= rows.length;
        }
      }
      await pdf.end();
      await rename(partial, path);
    } catch (error) {
      pdf.abort();
      await rm(partial, { force: true });
      throw error;
    }
    const { size } = await stat(path);
    this.logger.log({ campaignId: campaign.id, letters: book.letters, pages: book.pages, bytes: size }, 'Campaign document written');
    return { pages: book.pages, bytes: size, letters: book.letters };
  }
}
