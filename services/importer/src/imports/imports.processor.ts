import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { IMPORTER_JOB_QUEUES, ImporterImportJobs } from '@sesame/contracts';
import { Job, UnrecoverableError } from 'bullmq';
import { ImportService } from './import.service';
import { permanentFailure } from './job-failures.rules';
import { ValidationService } from './validation.service';

/**
 * Validation and import jobs. A short lock renewed every few seconds: when a replica dies mid-job,
 * another one (or the same one, restarted) takes the job over within about 20 seconds.
 */
@Processor(IMPORTER_JOB_QUEUES.imports, { concurrency: 2, lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 3 })
export class ImportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ImportsProcessor.name);

  constructor(
    private readonly validation: ValidationService,
    private readonly importing: ImportService,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    const { validate, import: run } = ImporterImportJobs;
    if (job.name === validate.name) {
      const { importId, token } = validate.data.parse(job.data);
      return this.settle(job, importId, () => this.validation.validate(importId, token), (code) => this.validation.giveUp(importId, code));
    }
    if (job.name === run.name) {
      const { importId, token } = run.data.parse(job.data);
      return this.settle(job, importId, () => this.importing.run(importId, token), (code) => this.importing.giveUp(importId, code));
    }
    throw new UnrecoverableError(`Unknown job ${job.name}`);
  }

  /** Runs the work; a refusal ends it with its reason, anything else is retried until the last attempt. */
  private async settle(job: Job, importId: string, work: () => Promise<void>, giveUp: (code: string) => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const permanent = permanentFailure(error);
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ err: error, importId, job: job.name, attempt: job.attemptsMade + 1, permanent: Boolean(permanent) }, 'Import job failed');
      if (permanent || last) await giveUp(permanent ?? 'failure.unavailable');
      if (permanent) throw new UnrecoverableError(permanent);
      throw error;
    }
  }
}
