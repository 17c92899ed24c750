import { env, loadConfig } from '@sesame/config';
import { z } from 'zod';

export const ConsoleConfigSchema = z.object({
  PORT: env.port(3004),
  LOG_LEVEL: env.logLevel(),
  // Relative by default, so the documented default is the same in every checkout and image.
  CONSOLE_WEB_DIR: z
    .string()
    .default('dist/web')
    .meta({ description: 'Folder of the built web console (index.html and assets); a relative path starts at the console service’s folder' }),
});

export type ConsoleConfig = z.output<typeof ConsoleConfigSchema>;
export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');

export function loadConsoleConfig(source: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return loadConfig(ConsoleConfigSchema, source);
}
