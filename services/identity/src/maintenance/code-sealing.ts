import { Inject, Injectable, Logger } from '@nestjs/common';
import { StartupPass } from '@sesame/database';
import { Kysely, sql } from 'kysely';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { DB, Db } from '../database/database.module';
import type { Database } from '../database/schema';

const BATCH = 2000;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';
// Any fixed number: the replicas agree that only one of them walks the table at a time.
const LOCK = 0x5e5a_c0de;

export interface SealingOutcome {
  /** Codes written in clear (before encryption) or under a previous key, now sealed with the current one. */
  sealed: number;
  /** Codes no configured key opens (a key removed from ACTIVATION_CODE_PREVIOUS_KEYS too early): left as they are. */
  unreadable: number;
}

/**
 * Seals every stored activation code that the current key did not seal: codes written in clear by a
 * version without encryption, and codes sealed by a previous key (a rotation). One walk of the
 * table by id, in batches; each row is rewritten only if it still holds what was read, so a code
 * regenerated meanwhile is left alone and a second run (another replica, a restart) changes nothing.
 */
export async function sealStoredCodes(db: Kysely<Database>, codes: ActivationCodeVault, stop: () => boolean = () => false): Promise<SealingOutcome> {
  const outcome: SealingOutcome = { sealed: 0, unreadable: 0 };
  const prefix = codes.currentPrefix;
  let after = FIRST_ID;
  while (!stop()) {
    const { rows } = await sql<{ id: string; activation_code: string }>`
      SELECT id, activation_code FROM accounts
      WHERE id > ${after} AND activation_code IS NOT NULL AND left(activation_code, ${prefix.length}) <> ${prefix}
      ORDER BY id LIMIT ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const changes = rows.flatMap((r) => {
      const code = codes.open(r.activation_code, r.id);
      if (code === null) {
        outcome.unreadable++;
        return [];
      }
      return [{ id: r.id, before: r.activation_code, after: codes.seal(code, r.id) }];
    });
    if (changes.length === 0) continue;
    const result = await sql`
      UPDATE accounts a SET activation_code = v.after
      FROM unnest(${sql.val(changes.map((c) => c.id))}::uuid[], ${sql.val(changes.map((c) => c.before))}::text[],
                  ${sql.val(changes.map((c) => c.after))}::text[]) AS v(id, before, after)
      WHERE a.id = v.id AND a.activation_code = v.before`.execute(db);
    outcome.sealed += Number(result.numAffectedRows ?? 0);
  }
  return outcome;
}

/**
 * Runs sealStoredCodes at each start, in the background, on one replica at a time: codes read in
 * clear meanwhile still work.
 */
@Injectable()
export class CodeSealingService extends StartupPass {
  protected readonly logger = new Logger(CodeSealingService.name);

  constructor(
    @Inject(DB) db: Db,
    private readonly codes: ActivationCodeVault,
  ) {
    super(db, LOCK, 'Sealing stored activation codes failed');
  }

  protected async pass(connection: Kysely<Database>, stopped: () => boolean): Promise<void> {
    const started = Date.now();
    const outcome = await sealStoredCodes(connection, this.codes, stopped);
    if (outcome.sealed) this.logger.log({ ...outcome, ms: Date.now() - started }, 'Stored activation codes sealed with the current key');
    if (outcome.unreadable) {
      this.logger.warn(outcome, 'Activation codes no configured key opens: put the key that sealed them back in ACTIVATION_CODE_PREVIOUS_KEYS, or regenerate them');
    }
  }
}
