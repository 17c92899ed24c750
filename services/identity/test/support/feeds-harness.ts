import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { generateOidcSigningKey, generateSigningKeys } from '@sesame/auth';
import { EXCHANGES, EventEnvelope, FeedChange, FeedRecord, FeedView, ServiceFailure, namespaced } from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import { TestIsolation, eventually } from '@sesame/testing';
import { ChannelModel, connect } from 'amqplib';
import { Kysely, sql } from 'kysely';
import { startIdentity } from '../../src/app';
import type { Actor } from '../../src/auth/actor';
import { loadIdentityConfig } from '../../src/config/identity.config';
import { FeedJobsService } from '../../src/feeds/feed-jobs.service';
import { FeedsService } from '../../src/feeds/feeds.service';
import { A, B, C } from './feed-fixtures';

export const MANAGER_PASSWORD = 'the académie keeps its keys';

/**
 * Identity on a database of its own (FEED_MAX_LEAVERS_PERCENT=20), the three schools of the
 * fixtures, a manager, an administrator of school A and their supervisor, and identity's events as
 * another system receives them; with the helpers the feeds' tests share.
 */
export class FeedsHarness {
  readonly events: EventEnvelope[] = [];
  identity!: INestApplication;
  db!: Kysely<any>;
  feeds!: FeedsService;
  jobs!: FeedJobsService;
  manager!: Actor;
  adminA!: Actor;
  supervisor!: Actor;
  private broker?: ChannelModel;

  constructor(readonly isolation = new TestIsolation()) {}

  async start(): Promise<void> {
    const url = await this.isolation.database('identity');
    this.identity = await startIdentity(
      loadIdentityConfig({
        PORT: '0',
        ...this.isolation.serviceEnv,
        LOG_LEVEL: process.env.SESAME_TEST_LOG_LEVEL ?? 'error',
        DATABASE_URL: url,
        JWT_PRIVATE_KEY: generateSigningKeys().privateKey,
        OIDC_SIGNING_KEYS: generateOidcSigningKey(),
        SESAME_MANAGER_USERNAME: 'manager',
        SESAME_MANAGER_PASSWORD: MANAGER_PASSWORD,
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_ITERATIONS: '1',
        FEED_MAX_LEAVERS_PERCENT: '20',
      }),
    );
    this.db = createDatabase({ url, max: 2 });
    this.broker = await connect(this.isolation.serviceEnv.AMQP_URL!);
    const channel = await this.broker.createChannel();
    const exchange = namespaced(this.isolation.serviceEnv.AMQP_NAMESPACE!, EXCHANGES.events);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'identity.user.#');
    await channel.consume(queue, (message) => message && this.events.push(JSON.parse(message.content.toString())), { noAck: true });
    this.feeds = this.identity.get(FeedsService);
    this.jobs = this.identity.get(FeedJobsService);

    const db = this.db;
    await sql`INSERT INTO schools (uai, name) VALUES (${A}, 'Collège A'), (${B}, 'Collège B'), (${C}, 'Collège C')`.execute(db);
    const schoolA = (await sql<{ id: string }>`SELECT id FROM schools WHERE uai = ${A}`.execute(db)).rows[0].id;
    const { rows: m } = await sql<{ id: string }>`SELECT id FROM accounts WHERE role = 'manager'`.execute(db);
    this.manager = { id: m[0].id, username: 'manager', role: 'manager', schoolIds: [] };
    const { rows: a } = await sql<{ id: string }>`INSERT INTO accounts (username, role, email) VALUES ('anne.admin', 'administrator', 'anne@ac-test.fr') RETURNING id`.execute(db);
    await sql`INSERT INTO account_schools (account_id, school_id) VALUES (${a[0].id}, ${schoolA})`.execute(db);
    this.adminA = { id: a[0].id, username: 'anne.admin', role: 'administrator', schoolIds: [schoolA] };
    const { rows: s } = await sql<{ id: string }>`INSERT INTO accounts (username, role, email, managed_by) VALUES ('sam.sup', 'supervisor', 'sam@ac-test.fr', ${a[0].id}) RETURNING id`.execute(db);
    this.supervisor = { id: s[0].id, username: 'sam.sup', role: 'supervisor', schoolIds: [schoolA] };
  }

  async close(): Promise<void> {
    await this.broker?.close();
    await this.identity?.close();
    await this.db?.destroy();
    await this.isolation.cleanup();
  }

  /** 'accepted', or the refusal's code (and reason). */
  refusal(promise: Promise<unknown>): Promise<string> {
    return promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof ServiceFailure ? `${error.code}${error.details.params?.reason ? `:${error.details.params.reason}` : ''}` : `${String(error)}`),
    );
  }

  status(id: string, wanted: FeedView['status']): Promise<FeedView> {
    return eventually(async () => {
      const view = await this.feeds.get(this.manager, id);
      return view.status === wanted ? view : undefined;
    }, 30_000, `feed ${id} ${wanted}`);
  }

  /** Opens, stages (in two chunks) and closes a feed, then waits for its diff. */
  async diffed(records: FeedRecord[], actor = this.manager, kind: 'aaf' | 'school' = 'aaf', uai: string | null = null): Promise<FeedView> {
    const feedId = randomUUID();
    await this.feeds.open(actor, { feedId, kind, uai, files: ['snapshot.xml'] });
    const half = Math.ceil(records.length / 2);
    const chunks = [records.slice(0, half), records.slice(half)].filter((chunk) => chunk.length > 0);
    for (const [chunk, part] of chunks.entries()) await this.feeds.stage(actor, { feedId, chunk, records: part });
    await this.feeds.close(actor, { feedId, chunks: chunks.length, persons: records.filter((r) => r.kind === 'person').length });
    return this.status(feedId, 'ready');
  }

  async changes(id: string): Promise<FeedChange[]> {
    return (await this.feeds.changesOf(this.manager, { id, after: 0, limit: 1000 })).items;
  }

  async account(key: string, source = 'aaf'): Promise<any> {
    return (await sql<any>`SELECT * FROM accounts WHERE source = ${source} AND external_id = ${key}`.execute(this.db)).rows[0];
  }

  /** The AAF accounts as the tests compare them: names, profile, email, status, own classes, children. */
  async directory(): Promise<any[]> {
    const { rows } = await sql<any>`
      SELECT a.external_id, a.last_name, a.profile, a.email, a.left_at IS NOT NULL AS leaving, a.deactivated_at IS NOT NULL AS deactivated,
             (SELECT array_agg(s.uai || '/' || c.name ORDER BY s.uai, c.name) FROM account_classes ac JOIN classes c ON c.id = ac.class_id JOIN schools s ON s.id = c.school_id WHERE ac.account_id = a.id AND NOT ac.inherited) AS classes,
             (SELECT array_agg(ch.external_id ORDER BY ch.external_id) FROM relative_links l JOIN accounts ch ON ch.id = l.student_id WHERE l.relative_id = a.id) AS children
      FROM accounts a WHERE a.source = 'aaf' ORDER BY a.external_id`.execute(this.db);
    return rows;
  }
}

/** The categories a diff has (the views name every category, most with 0). */
export const some = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

/** Each category's join keys, sorted (`child<relative` for links). */
export function byCategory(items: FeedChange[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const c of items) {
    const relative = c.after?.relativeKey ?? c.before?.relativeKey;
    (result[c.category] ??= []).push(c.joinKey + (relative ? `<${String(relative)}` : ''));
  }
  for (const list of Object.values(result)) list.sort();
  return result;
}
