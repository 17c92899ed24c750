import { once } from 'node:events';
import type { Locale } from '@sesame/account-rules';
import { IdentityRpc, ListUsers } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { Response } from 'express';
import type { IdentityClient } from '../identity/identity.module';
import { EXPORT_PAGE_SIZE, csvLine, exportFileName, exportHeader, exportRecord, hasNextPage } from './users-export.rules';

const UTF8_BOM = '\ufeff';

/**
 * Streams the selection of GET /users (same filters, same order) as CSV: UTF-8 with a byte order
 * mark (French Excel reads the accents), `;`, the verification list's columns. identity is asked one
 * page at a time, each written (waiting for the client to take it) before the next is asked: memory
 * holds one page, whatever the selection. The first page is asked before anything is sent, so a
 * refused filter or scope is still a problem+json answer.
 */
export async function streamSelection(identity: IdentityClient, query: ListUsers, caller: CallContext, locale: Locale, response: Response): Promise<void> {
  const ask = (page: number) => identity.call(IdentityRpc.listUsers, { ...query, page, pageSize: EXPORT_PAGE_SIZE }, caller);
  let page = 1;
  let answer = await ask(page);
  response.status(200);
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(exportFileName(new Date(), locale))}`);
  response.setHeader('x-total-count', String(answer.total));
  const write = async (text: string) => {
    if (!response.write(text)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
  };
  try {
    await write(UTF8_BOM + csvLine(exportHeader(locale)));
    for (;;) {
      await write(answer.items.map((row) => csvLine(exportRecord(row, locale))).join(''));
      if (response.destroyed || !hasNextPage(page, answer.items.length, answer.total)) break;
      answer = await ask(++page);
    }
    response.end();
  } catch {
    // Once the file has started, a failure can only cut it short (the client sees it incomplete).
    response.destroy();
  }
}
