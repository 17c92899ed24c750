import { Logger } from '@nestjs/common';

type Level = 'log' | 'warn' | 'error' | 'debug';

export interface LogEntry {
  level: Level;
  fields: Record<string, unknown>;
  message: string;
}

/**
 * Records what the services log through Nest's Logger (the calls still go on to pino), so a test
 * can wait for "this event was handled" instead of sleeping, and check what an operator would read.
 */
export class CapturedLogs {
  private readonly spies = (['log', 'warn', 'error', 'debug'] as const).map((level) => ({ level, spy: jest.spyOn(Logger.prototype, level) }));

  entries(): LogEntry[] {
    return this.spies.flatMap(({ level, spy }) =>
      spy.mock.calls
        .filter(([fields, message]) => typeof fields === 'object' && fields !== null && typeof message === 'string')
        .map(([fields, message]) => ({ level, fields: fields as Record<string, unknown>, message: message as string })),
    );
  }

  /** Entries with this message whose fields include `fields`. */
  find(message: string, fields: Record<string, unknown>): LogEntry[] {
    return this.entries().filter((e) => e.message === message && Object.entries(fields).every(([k, v]) => e.fields[k] === v));
  }

  restore(): void {
    for (const { spy } of this.spies) spy.mockRestore();
  }
}
