import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { ServiceFailure, nulCharacterIssues } from '@sesame/contracts';
import type { z } from 'zod';
import type { Broker } from './broker';

/** A message that can never succeed (it breaks the contract or a rule): to the dead-letter queue. */
export class PoisonMessage extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessage';
  }
}

/**
 * Thrown by a batch handler that failed because of one of its messages without knowing which: the
 * consumer then handles each half of the batch apart (and so on down to single messages), so the good
 * ones go through at the cost of a few more calls and the bad one is dead-lettered alone.
 */
export class SplitBatch extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SplitBatch';
  }
}

export interface ConsumerOptions<S extends z.ZodType> {
  queue: string;
  schema: S;
  /** Messages handed to this replica at once. */
  prefetch: number;
  /** Up to this many parsed messages per call of `handle` (1: one at a time). */
  batchSize?: number;
  /** Milliseconds to wait for a batch to fill before handling what came. */
  batchWait?: number;
  /** One batch at a time, in arrival order (for streams where order matters). */
  sequential?: boolean;
  /**
   * When not empty, the only broker users whose messages are taken: a message's AMQP `user-id`
   * must be one of them (RabbitMQ refuses a user-id other than the publisher's own login, so it
   * cannot be forged); any other is dead-lettered. For a queue any service could put a message on
   * through the default exchange, but which only some publishers may feed.
   */
  senders?: readonly string[];
  /**
   * Handles parsed messages; resolves once their effects are committed (then they are acked), with
   * the messages it refused, if any (dead-lettered with their reasons, the others acked). A thrown
   * PoisonMessage (or a validation refusal) sends the message to the dead-letter queue with its
   * reason; any other error puts it back for a later try (the queue's delivery limit ends loops).
   */
  handle: (messages: Array<{ body: z.output<S>; raw: ConsumeMessage }>) => Promise<void | Refused[]>;
  onError?: (error: unknown, raw: ConsumeMessage) => void;
}

/** A message the handler refused while committing the others of its batch. */
export interface Refused {
  raw: ConsumeMessage;
  reason: string;
}

interface Pending<T> {
  body: T;
  raw: ConsumeMessage;
}

const RETRY_DELAY_MS = 1_000;

function poisonReason(error: unknown): string | undefined {
  if (error instanceof PoisonMessage) return error.message;
  if (error instanceof ServiceFailure && error.code === 'validation_failed') {
    return `refused: ${JSON.stringify(error.details.issues ?? [])}`;
  }
  return undefined;
}

/**
 * Consumes a durable queue: parses each message with its contract schema, acknowledges only after
 * the handler committed, dead-letters what can never succeed with the reason in a header.
 * Survives broker restarts (the consumer is re-registered on every reconnection).
 */
export class Consumer<S extends z.ZodType> {
  private channel?: ChannelWrapper;
  private batch: Array<Pending<z.output<S>>> = [];
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();
  /** Sequential mode: a batch is being handled; what arrives meanwhile waits for the next one. */
  private busy = false;
  /**
   * The channel a message came on. After a reconnection the broker has put back every message the
   * old channel had not settled: they come again on the new one. A delivery tag of the old channel
   * acked on the new one would close it (unknown delivery tag), putting back all of its messages again,
   * and each return counts towards the delivery limit: messages of an old channel are left alone.
   */
  private generation = 0;
  private readonly generations = new WeakMap<ConsumeMessage, number>();

  constructor(
    private readonly broker: Broker,
    private readonly options: ConsumerOptions<S>,
  ) {}

  async start(): Promise<void> {
    this.channel = this.broker.connection.createChannel({
      json: false,
      setup: (channel: ConfirmChannel) => {
        this.generation += 1;
        // What the old channel handed over and is still waiting will come again.
        this.batch = this.batch.filter(({ raw }) => this.live(raw));
        return channel.prefetch(this.options.prefetch);
      },
    });
    this.channel.on('error', () => undefined);
    await this.channel.consume(this.broker.name(this.options.queue), (raw) => this.receive(raw), { prefetch: this.options.prefetch });
  }

  /** Stops receiving, lets the messages in hand finish, closes the channel. */
  async stop(): Promise<void> {
    await this.channel?.cancelAll().catch(() => undefined);
    this.flush();
    // Each finished batch may start the next from what was already received: wait for all of them.
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    await this.channel?.close().catch(() => undefined);
  }

  private live(raw: ConsumeMessage): boolean {
    return this.generations.get(raw) === this.generation;
  }

  private ack(raw: ConsumeMessage): void {
    if (this.live(raw)) this.channel?.ack(raw);
  }

  private requeue(raw: ConsumeMessage): void {
    if (this.live(raw)) this.channel?.nack(raw, false, true);
  }

  private receive(raw: ConsumeMessage): void {
    this.generations.set(raw, this.generation);
    const senders = this.options.senders ?? [];
    if (senders.length && !senders.includes(raw.properties.userId ?? '')) {
      const sender = raw.properties.userId ? `user-id ${raw.properties.userId}` : 'no user-id';
      this.track(this.deadLetter(raw, `refused: ${sender}, not one of the publishers this queue accepts (${senders.join(', ')})`));
      return;
    }
    let body: z.output<S>;
    try {
      const content: unknown = JSON.parse(raw.content.toString('utf8'));
      // PostgreSQL cannot store a NUL: such a message could never be applied (see nulCharacterIssues).
      const nul = nulCharacterIssues(content);
      if (nul.length) {
        this.track(this.deadLetter(raw, `invalid message: NUL character in ${nul.map((i) => i.field).join(', ')}`));
        return;
      }
      const parsed = this.options.schema.safeParse(content);
      if (!parsed.success) {
        this.track(this.deadLetter(raw, `invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`));
        return;
      }
      body = parsed.data;
    } catch {
      this.track(this.deadLetter(raw, 'invalid message: not JSON'));
      return;
    }
    this.batch.push({ body, raw });
    if (this.busy) return;
    if (this.batch.length >= (this.options.batchSize ?? 1)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.batchWait ?? 20);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0 || this.busy) return;
    const size = this.options.batchSize ?? 1;
    const batch = this.batch.slice(0, size);
    this.batch = this.batch.slice(size);
    if (!this.options.sequential) {
      this.track(this.process(batch));
      if (this.batch.length) this.flush();
      return;
    }
    // One batch at a time: the next one is cut when this one is done, from all that arrived meanwhile.
    this.busy = true;
    this.track(
      this.process(batch).finally(() => {
        this.busy = false;
        this.flush();
      }),
    );
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async process(batch: Array<Pending<z.output<S>>>): Promise<void> {
    let refused: void | Refused[];
    try {
      refused = await this.options.handle(batch);
    } catch (error) {
      if (batch.length === 1) return this.failed(batch[0].raw, error);
      if (error instanceof SplitBatch) {
        // One message spoiled the batch: halves, each alone, down to that message; a batch of n
        // with one bad message costs about 2·log2(n) more calls instead of n.
        const half = Math.ceil(batch.length / 2);
        await this.process(batch.slice(0, half));
        await this.process(batch.slice(half));
        return;
      }
      // Something outside the messages failed (database, broker): all of them wait and come back.
      this.options.onError?.(error, batch[0].raw);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      for (const { raw } of batch) this.requeue(raw);
      return;
    }
    const reasons = new Map((refused ?? []).map((r) => [r.raw, r.reason]));
    for (const { raw } of batch) {
      const reason = reasons.get(raw);
      if (reason === undefined) this.ack(raw);
      else await this.deadLetter(raw, reason);
    }
  }

  private async failed(raw: ConsumeMessage, error: unknown): Promise<void> {
    const reason = poisonReason(error);
    if (reason) return this.deadLetter(raw, reason);
    this.options.onError?.(error, raw);
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    this.requeue(raw);
  }

  private async deadLetter(raw: ConsumeMessage, reason: string): Promise<void> {
    // From an old channel: it comes again, and is dead-lettered then (once).
    if (!this.live(raw)) return;
    try {
      await this.broker.deadLetter(this.options.queue, raw, reason);
      this.ack(raw);
    } catch (error) {
      // Not recorded: give it back rather than lose it.
      this.options.onError?.(error, raw);
      this.requeue(raw);
    }
  }
}
