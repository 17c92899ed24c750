import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RenderAnswer, RenderRequest } from './render-protocol';

/**
 * The compiled rendering thread. Mailmerge runs from dist/ in production; the tests run the sources
 * (TypeScript, which a worker thread cannot load) and use the build that `npm test` makes first.
 */
function workerFile(): string {
  const here = join(__dirname, 'render.worker.js');
  if (existsSync(here)) return here;
  const built = join(__dirname, '..', '..', 'dist', 'letters', 'render.worker.js');
  if (existsSync(built)) return built;
  throw new Error(`${built} is missing: build mailmerge first (npm run build)`);
}

/**
 * Draws a PDF in a worker thread: the letters (CPU for a minute for 50,000) leave the service's own
 * event loop free (RPC, health, job locks), and the thread's heap is capped, so memory stays flat
 * whatever V8 would otherwise let the garbage of a long document grow to.
 */
export class RenderThread {
  private readonly worker: Worker;
  private pending?: { resolve: (answer: RenderAnswer & { kind: 'done' }) => void; reject: (error: Error) => void };
  private failure?: Error;

  constructor(limits: { heapMb: number }) {
    this.worker = new Worker(workerFile(), {
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on('message', (answer: RenderAnswer) => {
      const pending = this.pending;
      this.pending = undefined;
      if (answer.kind === 'done') pending?.resolve(answer);
      else pending?.reject(new Error(`rendering failed: ${answer.message}`));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.pending?.reject(error);
      this.pending = undefined;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`rendering thread exited (${code})`)));
  }

  /** Sends one request; resolves once the thread has done it. */
  request(request: RenderRequest): Promise<RenderAnswer & { kind: 'done' }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
