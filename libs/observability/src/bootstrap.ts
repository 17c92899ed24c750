import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

/**
 * What every service does once its Nest application exists: JSON logger, shutdown hooks (SIGTERM
 * finishes in-flight work through the modules' shutdown hooks), and a last-resort handler that logs
 * instead of dying silently.
 */
export function prepareApplication(app: INestApplication): Logger {
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'Unhandled promise rejection'));
  return logger;
}
