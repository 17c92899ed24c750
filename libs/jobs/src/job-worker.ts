import { Logger } from '@nestjs/common';
import type { JobDefinition, JobQueueDefinition } from '@sesame/contracts';
import { Job, Queue, UnrecoverableError, Worker, WorkerOptions } from 'bullmq';
import type { z } from 'zod';

/** What works one job of a queue, with its data parsed by the job's schema. */
export interface JobHandler<J extends JobDefinition = JobDefinition> {
  /** `token`: the worker's lock on the job, to hand it back (moveToDelayed) without spending an attempt. */
  handle: (data: z.output<J['data']>, job: Job, token?: string) => Promise<unknown>;
  /** The job failed for good (attempts spent, stalled too often, refused): settle what it held. */
  abandoned?: (data: z.output<J['data']>, error: Error) => Promise<void>;
  /**
   * Its data does not match the job's schema (queued by an older version, forged): clean up what it
   * names before it fails for good. A throw here fails the attempt as any error does (it is retried).
   */
  refused?: (job: Job) => Promise<void>;
}

/** One handler for each job of the queue, by the job's key in JOB_QUEUES. */
export type JobHandlers<Q extends JobQueueDefinition> = { [K in keyof Q['jobs']]: JobHandler<Q['jobs'][K]> };

/** A worker's BullMQ options; its Redis connection and key prefix are those of its queue. */
export type JobWorkerOptions = Omit<WorkerOptions, 'connection' | 'prefix' | 'sharedConnection' | 'autorun'>;

/**
 * The boot check: the injected queue is the queue defined, each of its jobs has exactly one handler
 * (two jobs of one name would share a handler), and no handler is for a job the queue does not
 * have. Returns each job's definition and handler by job name; throws naming every mismatch.
 */
export function handlersByName(queueName: string, definition: JobQueueDefinition, handlers: Record<string, JobHandler | undefined>): Map<string, { job: JobDefinition; handler: JobHandler }> {
  const problems: string[] = [];
  if (queueName !== definition.name) problems.push(`the queue is ${queueName}, not ${definition.name}`);
  const byName = new Map<string, { job: JobDefinition; handler: JobHandler }>();
  for (const [key, job] of Object.entries(definition.jobs)) {
    const handler = handlers[key];
    if (typeof handler?.handle !== 'function') problems.push(`no handler for job ${job.name}`);
    else if (byName.has(job.name)) problems.push(`two handlers for job ${job.name}`);
    else byName.set(job.name, { job, handler });
  }
  for (const key of Object.keys(handlers)) if (!(key in definition.jobs)) problems.push(`a handler for ${key}, which is no job of the queue`);
  if (problems.length) throw new Error(`${definition.name}: ${problems.join('; ')}`);
  return byName;
}

/**
 * Starts the BullMQ worker of a queue defined in libs/contracts (JOB_QUEUES), on the connection and
 * key prefix of its injected Queue. Each job of the queue has exactly one handler, checked here, at
 * start; each job's data is parsed with its schema before its handler sees it; a job of a name the
 * queue does not have, or whose data the schema refuses, fails at once, never retried
 * (UnrecoverableError). A handler's own error fails the attempt: BullMQ retries it while attempts
 * remain. A job that failed for good goes to its handler's `abandoned`.
 */
export function startWorker<Q extends JobQueueDefinition>(
  queue: Queue,
  definition: Q,
  handlers: JobHandlers<Q>,
  options: JobWorkerOptions = {},
  logger: Pick<Logger, 'debug' | 'warn' | 'error'> = new Logger('JobWorker'),
): Worker {
  const byName = handlersByName(queue.name, definition, handlers as Record<string, JobHandler>);
  const parse = (job: Job) => {
    const entry = byName.get(job.name);
    if (!entry) return { refusal: `no job named ${job.name} in ${definition.name}` } as const;
    const data = entry.job.data.safeParse(job.data);
    if (!data.success) return { refusal: `invalid data for job ${job.name} of ${definition.name}`, handler: entry.handler } as const;
    return { handler: entry.handler, data: data.data } as const;
  };
  const worker = new Worker(
    definition.name,
    async (job, token) => {
      const parsed = parse(job);
      if ('refusal' in parsed) {
        logger.warn({ queue: definition.name, job: job.name, jobId: job.id }, `Job refused: ${parsed.refusal}`);
        await parsed.handler?.refused?.(job);
        throw new UnrecoverableError(parsed.refusal);
      }
      return parsed.handler.handle(parsed.data, job, token);
    },
    { ...options, connection: queue.opts.connection, prefix: queue.opts.prefix },
  );
  worker.on('error', (error) => logger.warn({ err: error, queue: definition.name }, 'Job worker error; it goes on'));
  worker.on('failed', (job, error) => {
    if (!job) return;
    if (!job.finishedOn) {
      logger.debug({ queue: definition.name, job: job.id, attempt: job.attemptsMade, err: error }, 'Job attempt failed; it will be tried again');
      return;
    }
    logger.warn({ queue: definition.name, job: job.id, err: error }, 'Job failed for good');
    const parsed = parse(job);
    if ('refusal' in parsed || !parsed.handler.abandoned) return;
    parsed.handler
      .abandoned(parsed.data, error ?? new Error('failed'))
      .catch((e: unknown) => logger.error({ err: e, queue: definition.name, job: job.id }, 'Could not settle a failed job'));
  });
  return worker;
}
