import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Queue, Worker } from 'bullmq';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { LettersService } from '../letters/letters.service';

const PURGE_SCHEDULER = 'purge-campaign-documents-every-interval';
/** Documents deleted per look; the next look goes on. */
const BATCH = 500;
/** A `.partial` file nothing has written to for this long belongs to a rendering that will not finish. */
const ABANDONED_PARTIAL_MS = 2 * 3_600_000;

/**
 * Deletes the PDFs of letter campaigns past DOCUMENT_RETENTION_DAYS (they carry activation codes)
 * and the `.partial` files of renderings whose replica died. The campaign, its counts and its
 * recipients stay in the history; the download then says the document was deleted. The schedule
 * lives in Redis under a fixed id: one run per interval, however many replicas (BullMQ job schedulers).
 */
@Injectable()
export class DocumentsRetentionProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DocumentsRetentionProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly letters: LettersService,
    @InjectQueue(JOB_QUEUES.mailmergeMaintenance.name) private readonly queue: Queue,
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = startWorker(this.queue, JOB_QUEUES.mailmergeMaintenance, { purgeDocuments: { handle: () => this.purge() } }, {}, this.logger);
    const job = JOB_QUEUES.mailmergeMaintenance.jobs.purgeDocuments;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: this.config.DOCUMENT_PURGE_INTERVAL_MS }, { name: job.name, data: {} });
  }

  /** Lets a purge in hand finish, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  async purge(now = Date.now()): Promise<{ documents: number; partials: number }> {
    const before = new Date(now - this.config.DOCUMENT_RETENTION_DAYS * 86_400_000);
    let documents = 0;
    for (;;) {
      const ids = await this.campaigns.documentsWrittenBefore(before, BATCH);
      // The file first: a run stopped in between deletes nothing twice and marks it next time.
      for (const id of ids) {
        await this.letters.deleteDocument(id);
        await this.campaigns.markDocumentDeleted(id);
      }
      documents += ids.length;
      if (ids.length < BATCH) break;
    }
    const partials = await this.letters.deleteAbandonedPartials(new Date(now - ABANDONED_PARTIAL_MS));
    if (documents || partials) this.logger.log({ documents, partials }, 'Deleted campaign documents past retention');
    return { documents, partials };
  }
}
