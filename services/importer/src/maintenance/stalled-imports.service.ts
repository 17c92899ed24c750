import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { Queue } from 'bullmq';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { StalledImportsRepository } from './stalled-imports.repository';
import { stalledEnd } from './stalled-imports.rules';

const JobImportSchema = JOB_QUEUES.importerImports.jobs.validate.data.pick({ importId: true });

/**
 * The janitor: imports still validating or importing whose heartbeat (`updated_at`) is older than
 * IMPORT_STALLED_AFTER_MS lost what was running them (a replica killed mid-upload, a job lost with
 * Redis or given up by BullMQ after stalling) and would stay so forever. They are failed with a
 * reason the report and the console show. One whose job is still queued is only waiting its turn.
 */
@Injectable()
export class StalledImportsService {
  private readonly logger = new Logger(StalledImportsService.name);

  constructor(
    private readonly stalled: StalledImportsRepository,
    @InjectQueue(JOB_QUEUES.importerImports.name) private readonly jobs: Queue,
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
  ) {}

  /** Returns the ids of the imports it failed. */
  async failStalled(now = Date.now()): Promise<string[]> {
    const before = new Date(now - this.config.IMPORT_STALLED_AFTER_MS);
    const silent = await this.stalled.silentSince(before);
    if (silent.length === 0) return [];
    const queued = await this.queuedImports();
    const failed: string[] = [];
    for (const record of silent) {
      const end = stalledEnd(record.status, record.phase);
      if (!end || queued.has(record.id)) continue;
      if (await this.stalled.fail(record, before, end)) {
        failed.push(record.id);
        this.logger.warn({ importId: record.id, status: record.status, phase: record.phase, reason: end.failure.code }, 'Failed a stalled import');
      }
    }
    return failed;
  }

  /** Imports whose job waits for a worker or for its next attempt: slow to start, not stalled. */
  private async queuedImports(): Promise<Set<string>> {
    const jobs = await this.jobs.getJobs(['waiting', 'prioritized', 'delayed', 'paused', 'waiting-children']);
    const ids = new Set<string>();
    for (const job of jobs) {
      const parsed = JobImportSchema.safeParse(job?.data);
      if (parsed.success) ids.add(parsed.data.importId);
    }
    return ids;
  }
}
