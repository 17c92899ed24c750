import { Inject, Injectable } from '@nestjs/common';
import { defaultDisplayName } from '@sesame/account-rules';
import type { AccessClaims } from '@sesame/auth';
import { sql } from 'kysely';
import { AccountsRepository } from '../accounts/accounts.repository';
import { DB, Db } from '../database/database.module';
import { OidcAccount } from './claims.rules';

/** The accounts as the provider reads them: only those that may sign in. */
@Injectable()
export class OidcAccountsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly accounts: AccountsRepository,
  ) {}

  /**
   * The account with its schools, classes and relatives' links (`subjectOf` gives the identifier the
   * client knows a linked account by), or undefined when it may not sign in: unknown, not activated,
   * deactivated or pre-deleted.
   */
  async find(id: string, subjectOf: (accountId: string) => string): Promise<OidcAccount | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const account = await this.accounts.findDetails(id);
    if (!account || !account.activated_at || account.deactivated_at || account.pre_deleted_at) return undefined;
    const { rows: links } = await sql<{ id: string; relation: 'child' | 'relative'; first_name: string | null; last_name: string | null; username: string; display_name: string | null }>`
      SELECT a.id, 'child' AS relation, a.first_name, a.last_name, a.username, a.display_name
      FROM relative_links r JOIN accounts a ON a.id = r.student_id WHERE r.relative_id = ${id}
      UNION ALL
      SELECT a.id, 'relative' AS relation, a.first_name, a.last_name, a.username, a.display_name
      FROM relative_links r JOIN accounts a ON a.id = r.relative_id WHERE r.student_id = ${id}
      ORDER BY relation, username
    `.execute(this.db);
    return {
      id: account.id,
      username: account.username,
      role: account.role,
      profile: account.profile,
      firstName: account.first_name,
      lastName: account.last_name,
      displayName: account.display_name || defaultDisplayName(account.first_name, account.last_name, account.username),
      email: account.email,
      locale: account.locale,
      updatedAt: account.updated_at,
      schools: account.schools,
      classes: account.classes,
      links: links.map((link) => ({
        sub: subjectOf(link.id),
        relation: link.relation,
        displayName: link.display_name || defaultDisplayName(link.first_name, link.last_name, link.username),
      })),
    };
  }

  /** What an API access token says of its holder (the claims of identity's own tokens). */
  async accessClaims(id: string): Promise<Omit<AccessClaims, 'sub'> | undefined> {
    const row = await this.db.selectFrom('accounts').select(['username', 'role', 'session_version']).where('id', '=', id).executeTakeFirst();
    return row ? { username: row.username, role: row.role, sv: row.session_version } : undefined;
  }
}
