import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

/** Longest a graceful stop may take before the process gives up (Kubernetes waits 30 s by default). */
const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * What every service does once its Nest application exists: JSON logger, and a graceful stop on
 * SIGTERM or SIGINT — readiness turns down, in-flight requests, messages and jobs finish through
 * the modules' shutdown hooks, connections close, then the process exits 0 (1 if it took too long).
 */
export function prepareApplication(app: INestApplication): Logger {
  const logger = app.get(Logger);
  app.useLogger(logger);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'Unhandled promise rejection'));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log({ signal }, 'Stopping');
      setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'Shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return logger;
}
