import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestPki, makeTestPki } from '@sesame/testing';
import { z } from 'zod';
import { env } from './common-env';
import { ConfigError, loadConfig } from './load-config';
import { amqpTls, redisTls, tlsEnv } from './tls';

const schema = z.object({ AMQP_URL: env.amqpUrl(), REDIS_URL: env.redisUrl(), ...tlsEnv.amqp(), ...tlsEnv.redis() });

function problemsOf(variables: Record<string, string>): string[] {
  try {
    loadConfig(schema, variables);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('TLS variables', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await makeTestPki();
  });
  afterAll(() => pki?.remove());

  it('takes a CA bundle and a client certificate file for amqps:// and rediss://', () => {
    const config = loadConfig(schema, {
      AMQP_URL: 'amqps://u:p@rabbitmq.example.org',
      AMQP_TLS_CA_FILE: pki.caFile,
      AMQP_TLS_CLIENT_CERT_FILE: pki.clientFile,
      REDIS_URL: 'rediss://u:p@redis.example.org',
      REDIS_TLS_CA_FILE: pki.caFile,
    });
    const amqp = amqpTls(config)!;
    expect(amqp.ca).toHaveLength(1);
    expect(amqp.ca![0].toString()).toContain('BEGIN CERTIFICATE');
    expect(amqp.cert!.toString()).toContain('BEGIN CERTIFICATE');
    expect(amqp.key!.toString()).toContain('PRIVATE KEY');
    expect(redisTls(config)).toEqual({ ca: [expect.any(Buffer)] });
    expect(redisTls({})).toBeUndefined();
  });

  it('refuses at start a TLS file given for a plain connection, whose password would go in clear', () => {
    expect(problemsOf({ AMQP_URL: 'amqp://u:p@rabbitmq', AMQP_TLS_CA_FILE: pki.caFile, REDIS_URL: 'redis://r', REDIS_TLS_CLIENT_CERT_FILE: pki.clientFile })).toEqual([
      'AMQP_TLS_CA_FILE: set, but AMQP_URL is not amqps:// (TLS files are only for TLS connections); got a amqp:// URL',
      'REDIS_TLS_CLIENT_CERT_FILE: set, but REDIS_URL is not rediss:// (TLS files are only for TLS connections); got a redis:// URL',
    ]);
  });

  it('refuses a file that is missing, holds no certificate, or a client certificate without its key', async () => {
    const notPem = join(pki.dir, 'not.pem');
    await writeFile(notPem, 'hello');
    const problems = problemsOf({
      AMQP_URL: 'amqps://rabbitmq',
      AMQP_TLS_CA_FILE: join(pki.dir, 'missing.crt'),
      AMQP_TLS_CLIENT_CERT_FILE: pki.caFile,
      REDIS_URL: 'rediss://redis',
      REDIS_TLS_CA_FILE: notPem,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^AMQP_TLS_CA_FILE: the file cannot be read \(ENOENT\); got ".*missing\.crt"/),
      expect.stringMatching(/^AMQP_TLS_CLIENT_CERT_FILE: the file holds no readable \(unencrypted\) PEM private key beside the certificate/),
      expect.stringMatching(/^REDIS_TLS_CA_FILE: the file holds no PEM certificate/),
    ]);
  });
});
