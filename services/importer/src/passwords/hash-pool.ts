import { Worker } from 'node:worker_threads';

export interface Argon2Options {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/*
 * The worker's code, evaluated rather than loaded from a file, so the pool works the same from the
 * compiled service and from the TypeScript sources under test. It receives the path of
 * @node-rs/argon2 resolved by the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { hashSync } = require(workerData.argon2);
parentPort.on('message', ({ id, password }) => {
  try {
    parentPort.postMessage({ id, hash: hashSync(password, workerData.options) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});`;

interface Task {
  id: number;
  password: string;
  resolve: (hash: string) => void;
  reject: (error: Error) => void;
}

/**
 * argon2id hashing of uploaded passwords on worker threads, never on the event loop (SPEC §11).
 * Threads start with the first password and stop after a quiet period, so an upload without
 * passwords costs no memory. `whenReady()` lets the reader pause the upload while the queue is full:
 * the plaintext waits in this process's memory only, never longer than its hash takes.
 */
export class HashPool {
  private readonly idle: Worker[] = [];
  private readonly workers = new Set<Worker>();
  private readonly queue: Task[] = [];
  private readonly running = new Map<Worker, Task>();
  private readonly waiters: Array<() => void> = [];
  private nextId = 0;
  private stopTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly options: Argon2Options,
    private readonly threads: number,
    /** Passwords waiting beyond the ones being hashed before `whenReady()` makes the reader wait. */
    private readonly backlog = threads * 4,
    private readonly idleStopMs = 30_000,
  ) {}

  /** Hashes in NFC, as identity does, so the password typed at login matches. */
  hash(password: string): Promise<string> {
    if (this.closed) return Promise.reject(new Error('hash pool closed'));
    clearTimeout(this.stopTimer);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, password: password.normalize('NFC'), resolve, reject });
      this.dispatch();
    });
  }

  /** Resolves once the queue has room: the caller reads the next rows only then. */
  whenReady(): Promise<void> {
    if (this.queue.length < this.backlog) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get size(): number {
    return this.workers.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.stopTimer);
    for (const task of this.queue.splice(0)) task.reject(new Error('hash pool closed'));
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
    this.workers.clear();
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.workers.size < this.threads ? this.spawn() : undefined);
      if (!worker) break;
      const task = this.queue.shift()!;
      this.running.set(worker, task);
      worker.postMessage({ id: task.id, password: task.password });
    }
    while (this.waiters.length && this.queue.length < this.backlog) this.waiters.shift()!();
    if (this.queue.length === 0 && this.running.size === 0) {
      clearTimeout(this.stopTimer);
      this.stopTimer = setTimeout(() => this.stopIdle(), this.idleStopMs);
      this.stopTimer.unref();
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { argon2: require.resolve('@node-rs/argon2'), options: this.options },
    });
    worker.unref();
    worker.on('message', (message: { id: number; hash?: string; error?: string }) => {
      const task = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      if (task) {
        if (message.hash) task.resolve(message.hash);
        else task.reject(new Error(message.error ?? 'hashing failed'));
      }
      this.dispatch();
    });
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', () => this.lost(worker, new Error('hash worker stopped')));
    this.workers.add(worker);
    return worker;
  }

  private lost(worker: Worker, error: Error): void {
    if (!this.workers.delete(worker)) return;
    const index = this.idle.indexOf(worker);
    if (index !== -1) this.idle.splice(index, 1);
    this.running.get(worker)?.reject(error);
    this.running.delete(worker);
    if (!this.closed) this.dispatch();
  }

  private stopIdle(): void {
    if (this.queue.length || this.running.size) return;
    for (const worker of this.idle.splice(0)) {
      this.workers.delete(worker);
      void worker.terminate();
    }
  }
}
