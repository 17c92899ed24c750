import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Controller, Get, Headers, Logger, Param, Res } from '@nestjs/common';
import { ERROR_STATUS, ServiceError, ServiceFailure } from '@sesame/contracts';
import type { Response } from 'express';
import { LettersService } from '../letters/letters.service';
import { CampaignsService } from './campaigns.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the document is served from (the gateway streams it to the caller); never public. */
export const DOCUMENT_ROUTE = 'internal/campaigns/:id/document';

/**
 * A campaign's PDF, for the gateway, which forwards the caller's token: bytes do not travel over
 * RabbitMQ. The same rights as reading the campaign (identity says who the token belongs to).
 * Refusals are the service error `{ code, params }` with its HTTP status, for the gateway to map.
 */
@Controller()
export class DocumentController {
  private readonly logger = new Logger(DocumentController.name);

  constructor(
    private readonly campaigns: CampaignsService,
    private readonly letters: LettersService,
  ) {}

  @Get(DOCUMENT_ROUTE)
  async document(@Param('id') id: string, @Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    try {
      if (!UUID.test(id)) throw new ServiceFailure('not_found');
      const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
      if (!token) throw new ServiceFailure('unauthenticated');
      const campaign = await this.campaigns.readable(token, id);
      if (campaign.channel !== 'pdf') throw new ServiceFailure('not_found');
      if (campaign.status !== 'completed') throw new ServiceFailure('conflict', { params: { reason: 'document_not_ready' } });
      if (campaign.pages === null) throw new ServiceFailure('conflict', { params: { reason: 'no_letter' } });
      if (campaign.document_deleted_at) throw new ServiceFailure('conflict', { params: { reason: 'document_deleted' } });
      const path = this.letters.documentPath(campaign.id);
      const { size } = await stat(path).catch(() => {
        throw new ServiceFailure('not_found');
      });
      const day = campaign.created_at.toISOString().slice(0, 10);
      response.status(200).set({
        'Content-Type': 'application/pdf',
        'Content-Length': String(size),
        'Content-Disposition': `attachment; filename="sesame-${campaign.locale === 'fr' ? 'courriers' : 'letters'}-${day}-${campaign.id.slice(0, 8)}.pdf"`,
        'Cache-Control': 'private, no-store',
      });
      const file = createReadStream(path);
      file.on('error', (error) => {
        this.logger.error({ err: error, campaignId: id }, 'Campaign document could not be read');
        response.destroy(error);
      });
      file.pipe(response);
    } catch (error) {
      const failure = error instanceof ServiceFailure ? error : new ServiceFailure('internal');
      if (!(error instanceof ServiceFailure)) this.logger.error({ err: error, campaignId: id }, 'Campaign document not served');
      const body: ServiceError = failure.toServiceError();
      response.status(ERROR_STATUS[failure.code]).json(body);
    }
  }
}
