import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freePort } from '@sesame/testing';

export { freePort };
import type { Queue } from 'bullmq';

// Services as Kubernetes runs them: the built service (`services/<name>/dist/main.js`, made by
// `npm run build`, as `npm test` does first), one process each, which a test can stop gracefully
// or kill. Replicas share one database, one AMQP namespace and one Redis prefix. Used by the
// replicas-*, imports-crash and campaigns-crash/-rollout end-to-end tests.

const ROOT = join(__dirname, '..', '..');

/** One JSON line of a service's log (pino). */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export class Replica {
  readonly logs: LogLine[] = [];
  private child?: ChildProcess;
  private stderr: string[] = [];

  constructor(
    readonly service: 'identity' | 'importer' | 'mailmerge',
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static main(service: string): string {
    const main = join(ROOT, 'services', service, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build, as npm test does)`);
    return main;
  }

  get pid(): number {
    return this.child!.pid!;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process (logs at `info` on stdout, kept and parsed); `ready()` waits for it. */
  start(): this {
    this.stderr = [];
    const child = spawn(process.execPath, [Replica.main(this.service)], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // not a log line
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    return this;
  }

  async ready(timeoutMs = 45_000): Promise<void> {
    try {
      await eventually(
        async () => {
          if (!this.running) throw new Error(`exited (${this.child?.exitCode ?? this.child?.signalCode})`);
          return (await fetch(`http://127.0.0.1:${this.port}/health/ready`).catch(() => undefined))?.ok ? true : undefined;
        },
        timeoutMs,
        `${this.name} ready`,
      );
    } catch (error) {
      const last = this.logs.slice(-5).map((l) => JSON.stringify(l));
      throw new Error(`${this.name}: ${(error as Error).message}\nstderr: ${this.stderr.join('')}\nlast logs:\n${last.join('\n')}`);
    }
  }

  /** Log lines whose message is `msg`. */
  logged(msg: string): LogLine[] {
    return this.logs.filter((l) => l.msg === msg);
  }

  /** A counter from the replica's /metrics, e.g. metric('sesame_campaign_emails_total', 'outcome="sent"'). */
  async metric(name: string, labels: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** Resident memory now, in bytes (Linux: /proc), for the figures of docs/operations.md. */
  async residentBytes(): Promise<number> {
    return this.metric('sesame_process_resident_memory_bytes', '').catch(() => 0);
  }

  /** SIGSTOP / SIGCONT: the process is there but does nothing (its connections stay open). */
  pause(): void {
    this.child!.kill('SIGSTOP');
  }

  resume(): void {
    this.child!.kill('SIGCONT');
  }

  /**
   * SIGKILL (no graceful anything, as an OOM kill or a lost node), or SIGTERM (a rollout). Resolves
   * with the exit code (null when killed by a signal, or when it was not running).
   */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    if (signal === 'SIGTERM') {
      child.kill('SIGCONT');
      // The service's own deadline is 25 s; past it, as the kubelet does.
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(kill);
      return code;
    }
    return exited;
  }
}

/** Starts replicas together, as a Deployment's pods start, and waits until each is ready. */
export async function startReplicas(replicas: Replica[]): Promise<void> {
  for (const replica of replicas) replica.start();
  await Promise.all(replicas.map((replica) => replica.ready()));
}

/**
 * Watches a job scheduler for five periods while every replica runs a worker on its queue: it
 * must have run `jobName` once per period (BullMQ's scheduled job ids end with the period's start),
 * never twice, whichever replica took each run.
 */
export async function expectOneRunPerPeriod(queue: Queue, jobName: string, periodMs: number): Promise<void> {
  const since = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 5 * periodMs));
  const jobs = (await queue.getJobs(['completed'])).filter((j) => j.name === jobName && (j.processedOn ?? 0) >= since);
  const periods = jobs.map((j) => Number(String(j.id).split(':').pop())).sort((a, b) => a - b);
  expect(jobs.length).toBeGreaterThanOrEqual(3);
  expect(jobs.length).toBeLessThanOrEqual(6);
  expect(new Set(periods).size).toBe(periods.length);
  for (let i = 1; i < periods.length; i++) expect(periods[i] - periods[i - 1]).toBe(periodMs);
}
