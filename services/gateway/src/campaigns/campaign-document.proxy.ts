import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceErrorSchema, ServiceFailure } from '@sesame/contracts';
import type { Response } from 'express';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

/** Headers of mailmerge's answer passed on to the caller (caching is the gateway's: never, see noStore). */
const PASSED = ['content-type', 'content-length', 'content-disposition'];

/**
 * Streams a campaign's PDF from mailmerge's internal HTTP endpoint to the caller, with the caller's
 * token (mailmerge checks the caller may read the campaign): documents are bytes, tens of megabytes,
 * which do not belong on RabbitMQ. Mailmerge's refusals come back as the service error they are.
 */
@Injectable()
export class CampaignDocumentProxy {
  private readonly logger = new Logger(CampaignDocumentProxy.name);

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async stream(campaignId: string, token: string, response: Response, requestId?: string): Promise<void> {
    const url = new URL(`/internal/campaigns/${encodeURIComponent(campaignId)}/document`, this.config.MAILMERGE_URL);
    // The timeout covers the wait for the answer, not the transfer of a large document.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.config.RPC_TIMEOUT_MS);
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...(requestId ? { 'x-request-id': requestId } : {}) }, signal: abort.signal });
    } catch {
      throw new ServiceFailure('service_unavailable');
    } finally {
      clearTimeout(timer);
    }
    if (!upstream.ok || !upstream.body) {
      const error = ServiceErrorSchema.safeParse(await upstream.json().catch(() => undefined));
      if (!error.success) throw new ServiceFailure(upstream.status >= 500 ? 'service_unavailable' : 'internal');
      const { code, ...details } = error.data;
      throw new ServiceFailure(code, details);
    }
    response.status(200);
    for (const name of PASSED) {
      const value = upstream.headers.get(name);
      if (value) response.setHeader(name, value);
    }
    try {
      await pipeline(Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream), response);
    } catch (error) {
      // The caller went away, or mailmerge did: the answer is already under way, nothing to add.
      this.logger.warn({ err: error, campaignId, requestId }, 'Campaign document transfer interrupted');
    }
  }
}
