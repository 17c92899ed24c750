import { randomUUID } from 'node:crypto';
import { EventDefinition, EventEnvelope, EXCHANGES } from '@sesame/contracts';
import { ColumnType, Generated, Kysely, Migration, RawBuilder, sql } from 'kysely';
import type { z } from 'zod';

export interface OutboxTable {
  id: string;
  seq: Generated<number>;
  type: string;
  envelope: ColumnType<EventEnvelope, string, never>;
  occurred_at: ColumnType<Date, Date, never>;
}

export interface OutboxDatabase {
  outbox: OutboxTable;
}

/** The outbox table; every service that publishes events puts this in its migrations. */
export const outboxMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('seq', 'bigserial', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('envelope', 'jsonb', (c) => c.notNull())
      .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`CREATE INDEX outbox_order ON outbox (seq)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('outbox').execute();
  },
};

/**
 * Records an event in the same transaction as the change it describes; the relay publishes it after
 * commit and removes it (nothing, reset tokens included, stays once published). Returns the
 * envelope (its id is the message id consumers deduplicate on).
 */
export async function recordEvent<D extends z.ZodType>(
  // Any service database that includes the outbox table; Kysely's types are invariant in it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Kysely<any>,
  definition: EventDefinition<D>,
  data: z.input<D>,
): Promise<EventEnvelope> {
  const { row, envelope } = outboxRow(definition, data, new Date());
  await (trx as unknown as Kysely<OutboxDatabase>).insertInto('outbox').values(row).execute();
  return envelope;
}

/** Several events of any types in one statement (bulk changes: enrolment streams, purges). */
export async function recordEvents(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Kysely<any>,
  events: Array<{ definition: EventDefinition<z.ZodType>; data: unknown }>,
): Promise<void> {
  const occurredAt = new Date();
  const rows = events.map(({ definition, data }) => outboxRow(definition, data, occurredAt).row);
  for (let i = 0; i < rows.length; i += 1000) {
    await (trx as unknown as Kysely<OutboxDatabase>).insertInto('outbox').values(rows.slice(i, i + 1000)).execute();
  }
}

/**
 * Events of one type built by PostgreSQL from rows already in the database, one per row of `data`
 * (a query whose only column is the payload as jsonb). For changes of tens of thousands of rows (an
 * import's accounts) this spares a round trip of every row to Node and back. The payloads are not
 * parsed against the contract here: the query must build exactly the definition's data, as the
 * tests that read these events check. Returns how many were recorded.
 */
export async function recordEventsFrom(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Kysely<any>,
  definition: EventDefinition<z.ZodType>,
  data: RawBuilder<unknown>,
): Promise<number> {
  const occurredAt = new Date();
  const result = await sql`
    INSERT INTO outbox (id, type, envelope, occurred_at)
    SELECT e.id, ${definition.type},
           jsonb_build_object('id', e.id, 'type', ${definition.type}::text, 'version', ${definition.version}::int,
                              'occurredAt', ${occurredAt.toISOString()}::text, 'data', e.data),
           ${occurredAt}
    FROM (SELECT gen_random_uuid() AS id, d.data FROM (${data}) AS d(data)) AS e`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The envelope of one event (its data checked against the contract) as an outbox row. */
function outboxRow<D extends z.ZodType>(definition: EventDefinition<D>, data: unknown, occurredAt: Date) {
  const envelope: EventEnvelope = {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: occurredAt.toISOString(),
    data: definition.data.parse(data),
  };
  return { envelope, row: { id: envelope.id, type: envelope.type, envelope: JSON.stringify(envelope), occurred_at: occurredAt } };
}

/** Where events are published; every envelope goes to EXCHANGES.events with its type as routing key. */
export const OUTBOX_EXCHANGE = EXCHANGES.events;
