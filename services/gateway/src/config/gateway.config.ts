import { env, loadConfig, tlsEnv } from '@sesame/config';
import { z } from 'zod';

export const GatewayConfigSchema = z.object({
  PORT: env.port(3000),
  PUBLIC_URL: z
    .url()
    .default('http://localhost:3000')
    .meta({ description: 'Address users reach Sesame at (links in emails and letters)' }),
  CONSOLE_URL: z
    .url()
    .default('http://127.0.0.1:3004')
    .meta({ description: 'Internal address of the console service, served by the gateway at /' }),
  IDENTITY_URL: z
    .url()
    .default('http://127.0.0.1:3001')
    .meta({ description: 'Internal HTTP address of identity: its OpenID Connect provider is served by the gateway at /oidc' }),
  IMPORTER_URL: z
    .url()
    .default('http://127.0.0.1:3002')
    .meta({ description: 'Internal address of the importer: uploaded files and reports stream to and from it over HTTP' }),
  MAILMERGE_URL: z
    .url()
    .default('http://127.0.0.1:3003')
    .meta({ description: 'Internal address of mailmerge: generated PDF documents stream from it over HTTP' }),
  AMQP_URL: env.amqpUrl(),
  AMQP_NAMESPACE: env.amqpNamespace(),
  // No Redis: tokens are checked with the public key alone, and identity throttles logins.
  ...tlsEnv.amqp(),
  LOG_LEVEL: env.logLevel(),
  JWT_PUBLIC_KEY: z
    .string()
    .includes('PUBLIC KEY', { message: 'must hold one or more PEM-encoded Ed25519 public keys' })
    .meta({ description: 'PEM public key(s) that verify access tokens: the current one first, then those being rotated out' }),
  RPC_TIMEOUT_MS: env.milliseconds(10_000, 'Milliseconds a call to another service may take before the API answers 503'),
  BODY_LIMIT_KB: env.integer(1024, 'Largest JSON body accepted, in KiB (larger ones get 413)'),
  UPLOAD_TIMEOUT_SECONDS: env.integer(1800, 'Seconds an upload may take to arrive whole: the importer hashes its passwords while it streams (about 140 a second on two cores), so a file of 20,000 staff takes minutes (Node allows 300 s by default)'),
  IMPORT_MAX_BYTES: env.integer(50 * 1024 * 1024, 'Largest CSV file accepted by POST /imports, in bytes (larger ones get 413; the importer checks it too)'),
  FEED_MAX_BYTES: env.integer(2 * 1024 * 1024 * 1024, 'Largest académie feed accepted by POST /feeds (all its files together), in bytes (larger ones get 413; the importer checks it too)'),
  TRUST_PROXY: z
    .string()
    .default('loopback, linklocal, uniquelocal')
    .meta({ description: 'Proxies whose X-Forwarded-For is trusted to give the client address (Express syntax), which identity throttles logins by' }),
});

export type GatewayConfig = z.output<typeof GatewayConfigSchema>;

export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(GatewayConfigSchema, source);
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
