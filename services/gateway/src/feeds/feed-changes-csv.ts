import { once } from 'node:events';
import type { Locale } from '@sesame/account-rules';
import { FeedChangeCategory, IdentityFeedRpc } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { Response } from 'express';
import type { IdentityClient } from '../identity/identity.module';
import { CHANGES_PAGE_SIZE, changeRecord, changesFileName, changesHeader, csvLine } from './feed-changes-csv.rules';

const UTF8_BOM = '\ufeff';

/**
 * Streams every change of a feed's diff (optionally of one category or school) as CSV, one page of
 * identity's at a time, each written (waiting for the client to take it) before the next is asked.
 * The first page is asked before anything is sent, so a refusal is still a problem+json answer.
 */
export async function streamChanges(
  identity: IdentityClient,
  query: { id: string; category?: FeedChangeCategory; uai?: string },
  caller: CallContext,
  locale: Locale,
  response: Response,
): Promise<void> {
  const ask = (after: number) => identity.call(IdentityFeedRpc.changes, { ...query, after, limit: CHANGES_PAGE_SIZE }, caller);
  let page = await ask(0);
  response.status(200);
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(changesFileName(query.id, locale))}`);
  const write = async (text: string) => {
    if (!response.write(text)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
  };
  try {
    await write(UTF8_BOM + csvLine(changesHeader(locale)));
    for (;;) {
      await write(page.items.map((change) => csvLine(changeRecord(change, locale))).join(''));
      if (response.destroyed || page.next === null) break;
      page = await ask(page.next);
    }
    response.end();
  } catch {
    // Once the file has started, a failure can only cut it short (the client sees it incomplete).
    response.destroy();
  }
}
