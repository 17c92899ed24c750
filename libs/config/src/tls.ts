import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What node:tls takes to trust a server (CA bundle) and to present a client certificate. */
export interface TlsMaterial {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function problemWithCertificates(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return 'holds no PEM certificate';
  try {
    for (const block of blocks) new X509Certificate(block);
  } catch {
    return 'holds a certificate that cannot be parsed';
  }
  return undefined;
}

function problemWithClientCertificate(path: string): string | undefined {
  const certificates = problemWithCertificates(path);
  if (certificates) return certificates;
  try {
    createPrivateKey(readFileSync(path));
  } catch {
    return 'holds no readable (unencrypted) PEM private key beside the certificate';
  }
  return undefined;
}

const pemFile = (check: (path: string) => string | undefined, description: string) =>
  z
    .string()
    .superRefine((path, ctx) => {
      const problem = check(path);
      if (problem) ctx.addIssue({ code: 'custom', message: `the file ${problem}` });
    })
    .optional()
    .meta({ description });

/** Variables of the TLS connections to RabbitMQ (amqps://) and Redis (rediss://). */
export const tlsEnv = {
  amqp: () => ({
    AMQP_TLS_CA_FILE: pemFile(
      problemWithCertificates,
      'PEM file of the certificate authorities that sign the RabbitMQ server certificate (with amqps://; unset: the system’s)',
    ),
    AMQP_TLS_CLIENT_CERT_FILE: pemFile(
      problemWithClientCertificate,
      'PEM file holding a client certificate and its private key, for a RabbitMQ that asks for one (with amqps://)',
    ),
  }),
  redis: () => ({
    REDIS_TLS_CA_FILE: pemFile(
      problemWithCertificates,
      'PEM file of the certificate authorities that sign the Redis server certificate (with rediss://; unset: the system’s)',
    ),
    REDIS_TLS_CLIENT_CERT_FILE: pemFile(
      problemWithClientCertificate,
      'PEM file holding a client certificate and its private key, for a Redis that asks for one (with rediss://)',
    ),
  }),
};

/** The connections a configuration describes: its URL variable and its TLS files. */
const CONNECTIONS = [
  { url: 'AMQP_URL', scheme: 'amqps:', files: ['AMQP_TLS_CA_FILE', 'AMQP_TLS_CLIENT_CERT_FILE'] },
  { url: 'REDIS_URL', scheme: 'rediss:', files: ['REDIS_TLS_CA_FILE', 'REDIS_TLS_CLIENT_CERT_FILE'] },
] as const;

/**
 * A TLS file given for a plain connection would be silently ignored, and the connection (with its
 * password) would go in clear where the deployment meant TLS: refused at start instead.
 */
export function tlsProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const connection of CONNECTIONS) {
    const url = config[connection.url];
    if (typeof url !== 'string') continue;
    for (const file of connection.files) {
      if (config[file] !== undefined && new URL(url).protocol !== connection.scheme) {
        problems.push(`${file}: set, but ${connection.url} is not ${connection.scheme}// (TLS files are only for TLS connections); got a ${new URL(url).protocol}// URL`);
      }
    }
  }
  return problems;
}

function material(caFile: string | undefined, clientFile: string | undefined): TlsMaterial | undefined {
  if (!caFile && !clientFile) return undefined;
  const client = clientFile ? readFileSync(clientFile) : undefined;
  return {
    ...(caFile ? { ca: (readFileSync(caFile, 'utf8').match(PEM_CERTIFICATE) ?? []).map((pem) => Buffer.from(pem)) } : {}),
    // One PEM file holds both: node:tls takes the certificate from `cert` and the key from `key`.
    ...(client ? { cert: client, key: client } : {}),
  };
}

/** TLS material of the RabbitMQ connections (undefined: none given, the system’s CAs apply to amqps://). */
export function amqpTls(config: { AMQP_TLS_CA_FILE?: string; AMQP_TLS_CLIENT_CERT_FILE?: string }): TlsMaterial | undefined {
  return material(config.AMQP_TLS_CA_FILE, config.AMQP_TLS_CLIENT_CERT_FILE);
}

/** TLS material of the Redis connections (undefined: none given, the system’s CAs apply to rediss://). */
export function redisTls(config: { REDIS_TLS_CA_FILE?: string; REDIS_TLS_CLIENT_CERT_FILE?: string }): TlsMaterial | undefined {
  return material(config.REDIS_TLS_CA_FILE, config.REDIS_TLS_CLIENT_CERT_FILE);
}
