import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import type { OidcClientRow, OidcClientsTable } from '../database/schema';

/** The columns a registration writes (ids and times are the repository's). */
export type ClientColumns = Omit<OidcClientsTable, 'client_id' | 'secret_hash' | 'created_at' | 'updated_at'>;

/** Every statement on oidc_clients (the relying parties the manager registers), and the removal of what the provider issued to one. */
@Injectable()
export class OidcClientsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** The registrations, by name. */
  list(): Promise<OidcClientRow[]> {
    return this.db.selectFrom('oidc_clients').selectAll().orderBy('name').orderBy('client_id').execute();
  }

  /** One registration (the provider reads its clients here). */
  findByClientId(clientId: string): Promise<OidcClientRow | undefined> {
    return this.db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  }

  /** One registration, locked until the change's transaction ends (two changes to it run one after the other). */
  lockByClientId(trx: Db, clientId: string): Promise<OidcClientRow | undefined> {
    return trx.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).forUpdate().executeTakeFirst();
  }

  insert(trx: Db, clientId: string, secretHash: string | null, columns: ClientColumns): Promise<OidcClientRow> {
    return trx
      .insertInto('oidc_clients')
      .values({ client_id: clientId, secret_hash: secretHash, ...columns })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(trx: Db, clientId: string, columns: Partial<ClientColumns>): Promise<OidcClientRow> {
    return trx
      .updateTable('oidc_clients')
      .set({ ...columns, updated_at: new Date() })
      .where('client_id', '=', clientId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  setSecretHash(trx: Db, clientId: string, secretHash: string): Promise<OidcClientRow> {
    return trx
      .updateTable('oidc_clients')
      .set({ secret_hash: secretHash, updated_at: new Date() })
      .where('client_id', '=', clientId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Removes a registration and what the provider issued to it (grants, codes, tokens: every
   * oidc_payloads row whose payload names the client); the number of those rows.
   */
  async delete(trx: Db, clientId: string): Promise<number> {
    const issued = await sql`DELETE FROM oidc_payloads WHERE payload->>'clientId' = ${clientId}`.execute(trx);
    await trx.deleteFrom('oidc_clients').where('client_id', '=', clientId).execute();
    return Number(issued.numAffectedRows ?? 0);
  }
}
