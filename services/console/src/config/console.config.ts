import { join } from 'node:path';
import { env, loadConfig } from '@sesame/config';
import { z } from 'zod';

export const ConsoleConfigSchema = z.object({
  PORT: env.port(3004),
  LOG_LEVEL: env.logLevel(),
  CONSOLE_WEB_DIR: z
    .string()
    .default(join(__dirname, '..', '..', 'dist', 'web'))
    .meta({ description: 'Folder of the built web console (index.html and assets)' }),
});

export type ConsoleConfig = z.output<typeof ConsoleConfigSchema>;
export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

export function loadConsoleConfig(source: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return loadConfig(ConsoleConfigSchema, source);
}
