import { z } from 'zod';
import { tlsProblems } from './tls';

/** Metadata every variable of a configuration schema may carry (zod `.meta()`). */
export interface VariableMeta {
  description?: string;
  /** The value is never printed, whatever happens. */
  secret?: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function metaOf(schema: z.ZodType | undefined): VariableMeta {
  return (schema ? (z.globalRegistry.get(schema) as VariableMeta | undefined) : undefined) ?? {};
}

/**
 * Reads the environment through a zod object whose keys are variable names. Each wrong variable
 * gives one line naming it, what is expected and (unless it is secret) the value received.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    // An empty variable means "not set", as in most deployment tools.
    input[key] = env[key] === '' ? undefined : env[key];
  }
  const result = schema.safeParse(input);
  if (result.success) {
    // Checks across variables (kept out of the schemas, which tests extend).
    const problems = tlsProblems(result.data as Record<string, unknown>);
    if (problems.length) throw new ConfigError(problems);
    return result.data;
  }

  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const shape = schema.shape as Record<string, z.ZodType>;
    const meta = metaOf(shape[key]);
    const received = input[key];
    const shown =
      received === undefined ? 'not set' : meta.secret ? 'a value (hidden: secret)' : JSON.stringify(received);
    const hint = meta.description ? ` (${meta.description})` : '';
    return `${key}: ${issue.message}; got ${shown}${hint}`;
  });
  throw new ConfigError(problems);
}

/** Lists the variables of a schema with their default, meaning and secrecy (for docs and --help). */
export function describeConfig(schema: z.ZodObject): Array<{ name: string; description: string; secret: boolean; default?: string }> {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, variable]) => {
    const meta = metaOf(variable);
    const parsed = variable.safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
    return {
      name,
      description: meta.description ?? '',
      secret: meta.secret ?? false,
      default: meta.secret ? undefined : fallback,
    };
  });
}

/**
 * Runs `start`, or prints the configuration problems on one line each and exits with status 78.
 * A service that cannot start (database unreachable, bootstrap refused…) exits with status 1
 * instead of lingering half-started.
 */
export async function runWithConfig<T>(load: () => T, start: (config: T) => Promise<unknown>): Promise<void> {
  let config: T;
  try {
    config = load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  try {
    await start(config);
  } catch (error) {
    process.stderr.write(`Startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
