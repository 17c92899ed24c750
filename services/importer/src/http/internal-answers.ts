import { ERROR_STATUS, RpcResult, ServiceFailure } from '@sesame/contracts';
import type { Request, Response } from 'express';

// The importer's internal HTTP routes (uploads, report.csv) answer RPC results (`{ok, data | error}`)
// so the gateway maps refusals as it does any other.

/** The caller's token, forwarded by the gateway. */
export function bearer(request: Request): string | undefined {
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
}

export function sendResult(response: Response, status: number, body: unknown): void {
  response.status(status).type('application/json').send(JSON.stringify(body));
}

/** A refusal with its status; anything else is logged and answered `internal`. */
export function sendFailure(request: Request, response: Response, error: unknown): void {
  const failure = error instanceof ServiceFailure ? error : new ServiceFailure('internal');
  if (!(error instanceof ServiceFailure)) request.log?.error({ err: error }, 'Import HTTP route failed');
  const answer: RpcResult<never> = { ok: false, error: failure.toServiceError() };
  // A refused upload may still be arriving: the answer goes at once, and the gateway stops
  // sending on it. The connection stays open (what arrives is dropped) until the gateway hangs
  // up: closing it first could make the gateway's writes fail before it reads this answer.
  sendResult(response, ERROR_STATUS[failure.code], answer);
}
