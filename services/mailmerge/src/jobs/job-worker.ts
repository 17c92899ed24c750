import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError, Worker, WorkerOptions } from 'bullmq';
import type { z } from 'zod';

/** A job of a queue: its name and data schema from libs/contracts, and what handles it. */
export interface JobHandler<S extends z.ZodType> {
  definition: { name: string; data: S };
  /** `token`: the worker's lock on the job, to hand it back (moveToDelayed) without spending an attempt. */
  handle: (data: z.output<S>, job: Job, token?: string) => Promise<unknown>;
  /** The job failed for good (attempts spent, stalled too often, refused): settle what it held. */
  abandoned?: (data: z.output<S>, error: Error) => Promise<void>;
}

/** Keeps a handler's data typed by its own schema while the worker holds handlers of several jobs. */
export function jobHandler<S extends z.ZodType>(handler: JobHandler<S>): JobHandler<z.ZodType> {
  return handler as unknown as JobHandler<z.ZodType>;
}

/**
 * A BullMQ worker whose options come from the configuration (the @Processor decorator of
 * @nestjs/bullmq takes them at import time). Each job name has exactly one handler, checked at
 * start; data is parsed with the job's schema; a job of an unknown name or with invalid data fails
 * at once, without retries.
 */
export function startWorker(queue: string, handlers: Array<JobHandler<z.ZodType>>, options: WorkerOptions, logger: Logger): Worker {
  const byName = new Map<string, JobHandler<z.ZodType>>();
  for (const handler of handlers) {
    if (byName.has(handler.definition.name)) throw new Error(`${queue}: two handlers for job ${handler.definition.name}`);
    byName.set(handler.definition.name, handler);
  }
  const parse = (job: Job) => {
    const handler = byName.get(job.name);
    if (!handler) throw new UnrecoverableError(`${queue}: no handler for job ${job.name}`);
    const data = handler.definition.data.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError(`${queue}: invalid data for job ${job.name}`);
    return { handler, data: data.data };
  };
  const worker = new Worker(
    queue,
    async (job, token) => {
      const { handler, data } = parse(job);
      return handler.handle(data, job, token);
    },
    options,
  );
  worker.on('error', (error) => logger.warn({ err: error, queue }, 'Job worker error; it goes on'));
  worker.on('failed', (job, error) => {
    if (!job) return;
    if (!job.finishedOn) {
      logger.debug({ queue, job: job.id, attempt: job.attemptsMade, err: error }, 'Job attempt failed; it will be tried again');
      return;
    }
    logger.warn({ queue, job: job.id, err: error }, 'Job failed for good');
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(job);
    } catch {
      return;
    }
    parsed.handler.abandoned?.(parsed.data, error ?? new Error('failed')).catch((e: unknown) => logger.error({ err: e, queue, job: job.id }, 'Could not settle a failed job'));
  });
  return worker;
}
