import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { ImportJobData, JOB_QUEUES } from '@sesame/contracts';
import { Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { ValidationService } from '../uploads/validation.service';
import { ImportRunner } from './import-runner.service';
import { OUTDATED_JOB, permanentFailure } from './job-failures.rules';

type GiveUp = (importId: string, code: string) => Promise<void>;

/**
 * Validation and import jobs. A short lock renewed every few seconds: when a replica dies mid-job,
 * another one (or the same one, restarted) takes the job over within about 20 seconds.
 */
@Processor(JOB_QUEUES.importerImports.name, { concurrency: 2, lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 3 })
export class ImportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ImportsProcessor.name);

  constructor(
    private readonly validation: ValidationService,
    private readonly importing: ImportRunner,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    const { validate, import: run } = JOB_QUEUES.importerImports.jobs;
    if (job.name === validate.name) {
      const giveUp: GiveUp = (id, code) => this.validation.giveUp(id, code);
      const data = await this.accepted(job, validate.data, giveUp);
      return this.settle(job, data, () => this.validation.validate(data.importId, data.delegation), giveUp);
    }
    if (job.name === run.name) {
      const giveUp: GiveUp = (id, code) => this.importing.giveUp(id, code);
      const data = await this.accepted(job, run.data, giveUp);
      return this.settle(job, data, () => this.importing.run(data.importId, data.delegation), giveUp);
    }
    throw new UnrecoverableError(`Unknown job ${job.name}`);
  }

  /**
   * The job's data, or the end of a job this version does not run: one queued before jobs carried
   * delegations holds the person's access token. That token is wiped from Redis first, then the
   * import ends with the reason, never retried.
   */
  private async accepted(job: Job, schema: z.ZodType<ImportJobData>, giveUp: GiveUp): Promise<ImportJobData> {
    const data = schema.safeParse(job.data);
    if (data.success) return data.data;
    const importId = z.object({ importId: z.uuid() }).safeParse(job.data);
    await job.updateData(importId.success ? { importId: importId.data.importId } : {});
    this.logger.warn({ importId: importId.data?.importId, job: job.name, jobId: job.id }, 'Import job refused: queued by an older version');
    if (importId.success) await giveUp(importId.data.importId, OUTDATED_JOB);
    throw new UnrecoverableError('job data refused (queued by an older version)');
  }

  /** Runs the work; a refusal ends it with its reason, anything else is retried until the last attempt. */
  private async settle(job: Job, data: ImportJobData, work: () => Promise<void>, giveUp: GiveUp): Promise<void> {
    const { importId, actor } = data;
    try {
      await work();
    } catch (error) {
      const permanent = permanentFailure(error);
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(
        { err: error, importId, actorId: actor.id, job: job.name, attempt: job.attemptsMade + 1, permanent: Boolean(permanent) },
        'Import job failed',
      );
      if (permanent || last) await giveUp(importId, permanent ?? 'failure.unavailable');
      if (permanent) throw new UnrecoverableError(permanent);
      throw error;
    }
  }
}
