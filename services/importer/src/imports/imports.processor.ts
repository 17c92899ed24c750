import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ImportJobData, JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';
import { ValidationService } from '../uploads/validation.service';
import { ImportRunner } from './import-runner.service';
import { OUTDATED_JOB, permanentFailure } from './job-failures.rules';

type GiveUp = (importId: string, code: string) => Promise<void>;

/**
 * The worker of importer-imports: the checks of an upload (ValidationService), then the import once
 * confirmed (ImportRunner). A short lock renewed every few seconds: when a replica dies mid-job,
 * another one (or the same one, restarted) takes the job over within about 20 seconds.
 */
@Injectable()
export class ImportsProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImportsProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly validation: ValidationService,
    private readonly importing: ImportRunner,
    @InjectQueue(JOB_QUEUES.importerImports.name) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    const endValidation: GiveUp = (id, code) => this.validation.giveUp(id, code);
    const endImport: GiveUp = (id, code) => this.importing.giveUp(id, code);
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.importerImports,
      {
        validate: {
          handle: (data, job) => this.settle(job, data, () => this.validation.validate(data.importId, data.delegation), endValidation),
          refused: (job) => this.outdated(job, endValidation),
        },
        import: {
          handle: (data, job) => this.settle(job, data, () => this.importing.run(data.importId, data.delegation), endImport),
          refused: (job) => this.outdated(job, endImport),
        },
      },
      { concurrency: 2, lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 3 },
      this.logger,
    );
  }

  /** Lets the jobs in hand finish (or be taken over), before identity's clients and the database close. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * A job this version does not run: one queued before jobs carried delegations holds the person's
   * access token. That token is wiped from Redis first, then the import ends with the reason; the
   * job then fails for good, never retried.
   */
  private async outdated(job: Job, giveUp: GiveUp): Promise<void> {
    const importId = z.object({ importId: z.uuid() }).safeParse(job.data);
    await job.updateData(importId.success ? { importId: importId.data.importId } : {});
    this.logger.warn({ importId: importId.data?.importId, job: job.name, jobId: job.id }, 'Import job refused: queued by an older version');
    if (importId.success) await giveUp(importId.data.importId, OUTDATED_JOB);
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
