import { randomUUID } from 'node:crypto';
import { amqpTls, redisTls } from '@sesame/config';
import { EXCHANGES, bullPrefix } from '@sesame/contracts';
import { Broker } from '@sesame/messaging';
import { redisOptionsFromUrl } from '@sesame/redis';
import { TestPki, TestIsolation, TlsProxy, eventually, makeTestPki } from '@sesame/testing';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { MANAGER, Stack, startStack } from '../support/stack';

/** The URL of a plain server, through a TLS proxy listening on `port`. */
function throughTls(plain: string, protocol: 'amqps:' | 'rediss:', port: number): string {
  const url = new URL(plain);
  url.protocol = protocol;
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

function hostAndPort(url: string, fallback: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || fallback) };
}

/** Resolves with the first connection failure of a Broker (it retries forever otherwise). */
function firstFailure(broker: Broker): Promise<string> {
  return new Promise((resolve) => broker.connection.once('connectFailed', ({ err }: { err: Error }) => resolve(err.message)));
}

/**
 * AMQP and Redis over TLS, for real: a throwaway CA and certificates (openssl), TLS proxies in
 * front of the shared RabbitMQ and Redis that also ask for a client certificate, identity and the
 * gateway connected only through them.
 */
describe('TLS to RabbitMQ (amqps://) and Redis (rediss://)', () => {
  let pki: TestPki;
  let amqpProxy: TlsProxy;
  let redisProxy: TlsProxy;
  let amqpsUrl: string;
  let redissUrl: string;
  let stack: Stack;
  const isolation = new TestIsolation();

  beforeAll(async () => {
    pki = await makeTestPki();
    amqpProxy = new TlsProxy(pki, hostAndPort(isolation.services.amqpUrl, 5672), true);
    redisProxy = new TlsProxy(pki, hostAndPort(isolation.services.redisUrl, 6379), true);
    amqpsUrl = throughTls(isolation.services.amqpUrl, 'amqps:', await amqpProxy.start());
    redissUrl = throughTls(isolation.services.redisUrl, 'rediss:', await redisProxy.start());
    const tls = {
      AMQP_URL: amqpsUrl,
      AMQP_TLS_CA_FILE: pki.caFile,
      AMQP_TLS_CLIENT_CERT_FILE: pki.clientFile,
      REDIS_URL: redissUrl,
      REDIS_TLS_CA_FILE: pki.caFile,
      REDIS_TLS_CLIENT_CERT_FILE: pki.clientFile,
    };
    stack = await startStack({ identity: tls, gateway: tls });
  });

  afterAll(async () => {
    await stack?.close();
    await amqpProxy?.stop();
    await redisProxy?.stop();
    await isolation.cleanup();
    await pki?.remove();
  });

  it('runs identity and the gateway through TLS only: sign-in (a request/reply), throttling, scheduled jobs', async () => {
    expect(await stack.api.login(MANAGER.username, MANAGER.password)).toEqual(expect.any(String));
    expect((await stack.api.post('/api/v1/auth/login', { username: MANAGER.username, password: 'not the password at all' })).status).toBe(401);
    // Every connection of both services came through the proxies, each with the client certificate.
    expect(amqpProxy.sessions.length).toBeGreaterThanOrEqual(4);
    expect(redisProxy.sessions.length).toBeGreaterThanOrEqual(3);
    expect(new Set([...amqpProxy.sessions, ...redisProxy.sessions])).toEqual(new Set(['client']));
    // Identity's job schedulers, written through rediss://.
    const plain = new Redis(isolation.services.redisUrl);
    try {
      expect(await plain.keys(`${stack.env.identity.REDIS_PREFIX}:bull:identity-maintenance:*`)).not.toEqual([]);
    } finally {
      plain.disconnect();
    }
  });

  it('publishes with confirms (Broker) and runs a BullMQ job through TLS', async () => {
    const broker = new Broker({ url: amqpsUrl, tls: amqpTls({ AMQP_TLS_CA_FILE: pki.caFile, AMQP_TLS_CLIENT_CERT_FILE: pki.clientFile }), namespace: isolation.namespace, connectionName: 'tls-test' });
    try {
      await broker.channel.waitForConnect();
      await broker.publish(EXCHANGES.events, 'tls.test', { id: randomUUID() });
    } finally {
      await broker.close();
    }
    const connection = redisOptionsFromUrl(redissUrl, redisTls({ REDIS_TLS_CA_FILE: pki.caFile, REDIS_TLS_CLIENT_CERT_FILE: pki.clientFile }));
    const prefix = bullPrefix(isolation.redisPrefix);
    const queue = new Queue('tls-test', { connection, prefix });
    const done: string[] = [];
    const worker = new Worker('tls-test', async (job) => void done.push(job.data.word), { connection, prefix });
    try {
      await queue.add('echo', { word: 'chiffré' });
      await eventually(async () => (done.length ? done : undefined), 10_000, 'the job');
      expect(done).toEqual(['chiffré']);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('refuses a server its CA does not vouch for, and a connection without the client certificate asked for', async () => {
    const wrongCa = new Broker({ url: amqpsUrl, tls: amqpTls({ AMQP_TLS_CA_FILE: pki.otherCaFile, AMQP_TLS_CLIENT_CERT_FILE: pki.clientFile }), namespace: isolation.namespace, connectionName: 'tls-wrong-ca' });
    try {
      expect(await firstFailure(wrongCa)).toMatch(/certificate|verify/i);
      expect(wrongCa.isConnected()).toBe(false);
    } finally {
      await wrongCa.close();
    }
    // No CA given: the system's authorities, which do not know this one.
    const systemCa = new Broker({ url: amqpsUrl, namespace: isolation.namespace, connectionName: 'tls-system-ca' });
    try {
      expect(await firstFailure(systemCa)).toMatch(/certificate|verify/i);
    } finally {
      await systemCa.close();
    }
    const noClientCertificate = new Broker({ url: amqpsUrl, tls: amqpTls({ AMQP_TLS_CA_FILE: pki.caFile }), namespace: isolation.namespace, connectionName: 'tls-no-client' });
    try {
      expect(await firstFailure(noClientCertificate)).not.toBe('');
      expect(noClientCertificate.isConnected()).toBe(false);
    } finally {
      await noClientCertificate.close();
    }
    const redis = new Redis({ ...redisOptionsFromUrl(redissUrl, redisTls({ REDIS_TLS_CA_FILE: pki.otherCaFile, REDIS_TLS_CLIENT_CERT_FILE: pki.clientFile })), maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    const refused = new Promise<string>((resolve) => redis.once('error', (error: Error) => resolve(error.message)));
    try {
      await redis.connect().catch(() => undefined);
      expect(await refused).toMatch(/certificate|verify/i);
    } finally {
      redis.disconnect();
    }
  });
});
