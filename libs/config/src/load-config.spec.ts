import { z } from 'zod';
import { ConfigError, describeConfig, loadConfig } from './load-config';
import { env } from './common-env';

const schema = z.object({
  PORT: env.port(3000),
  DATABASE_URL: env.databaseUrl('sesame_test'),
  API_KEY: z.string().min(10).meta({ description: 'Key of the thing', secret: true }),
  VERBOSE: env.boolean(false, 'Talk a lot'),
});

describe('loadConfig', () => {
  it('applies defaults and converts types', () => {
    expect(loadConfig(schema, { API_KEY: '0123456789' })).toEqual({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sesame_test',
      API_KEY: '0123456789',
      VERBOSE: false,
    });
  });

  it('reports one line per wrong variable and never prints a secret', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', API_KEY: 'short-key', VERBOSE: 'maybe' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'DATABASE_URL', 'API_KEY', 'VERBOSE']);
    expect(error!.message).toContain('"eighty"');
    expect(error!.message).not.toContain('short-key');
    expect(error!.message).not.toContain('mysql://x'); // URLs carry passwords: secret too
    expect(error!.message).toContain('hidden: secret');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(schema, { PORT: '', API_KEY: '0123456789' }).PORT).toBe(3000);
  });

  it('describes every variable for the documentation', () => {
    expect(describeConfig(schema)).toEqual([
      expect.objectContaining({ name: 'PORT', default: '3000', secret: false }),
      expect.objectContaining({ name: 'DATABASE_URL', secret: true, default: undefined }),
      expect.objectContaining({ name: 'API_KEY', description: 'Key of the thing', secret: true }),
      expect.objectContaining({ name: 'VERBOSE', default: 'false' }),
    ]);
  });
});
