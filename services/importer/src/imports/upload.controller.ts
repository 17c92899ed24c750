import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ERROR_STATUS, IMPORTER_HTTP, RpcResult, ServiceFailure } from '@sesame/contracts';
import type { Request, Response } from 'express';
import { CallersService } from '../identity/callers.service';
import { ReportCsvService, reportFileName } from '../report/report-csv.service';
import { ImportsService } from './imports.service';
import { UploadService } from './upload.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bearer(request: Request): string | undefined {
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * Internal HTTP routes, for the bytes RabbitMQ should not carry: the gateway streams uploads here and
 * report.csv from here, with the caller's token. Answers are RPC results (`{ok, data | error}`) so the
 * gateway maps refusals as it does any other.
 */
@Controller()
export class UploadController {
  constructor(
    private readonly uploads: UploadService,
    private readonly imports: ImportsService,
    private readonly reports: ReportCsvService,
    private readonly callers: CallersService,
  ) {}

  @Post(IMPORTER_HTTP.upload)
  async upload(@Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const token = bearer(request);
      const caller = await this.callers.resolve(token, request.headers['x-request-id'] as string | undefined);
      if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
        throw new ServiceFailure('validation_failed', { issues: [{ field: 'file', code: 'file.required' }] });
      }
      const id = await this.uploads.receive(request, caller, token!);
      this.send(response, 202, { ok: true, data: { id } });
    } catch (error) {
      this.fail(request, response, error);
    }
  }

  @Get(IMPORTER_HTTP.reportCsv(':id'))
  async reportCsv(@Param('id') id: string, @Query('locale') locale: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const caller = await this.callers.resolve(bearer(request), request.headers['x-request-id'] as string | undefined);
      if (!UUID.test(id)) throw new ServiceFailure('not_found');
      const record = await this.imports.visible(caller, id);
      if (record.expired_at) throw new ServiceFailure('conflict', { params: { reason: 'import_expired' } });
      const language = locale === 'en' ? 'en' : 'fr';
      response.status(200);
      response.setHeader('content-type', `text/csv; charset=${record.encoding ?? 'utf-8'}`);
      response.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(reportFileName(record.file_name, language))}`);
      await this.reports.write(record, language, response);
    } catch (error) {
      // Once the CSV has started, a failure can only cut it short.
      if (response.headersSent) response.destroy();
      else this.fail(request, response, error);
    }
  }

  private fail(request: Request, response: Response, error: unknown): void {
    const failure = error instanceof ServiceFailure ? error : new ServiceFailure('internal');
    if (!(error instanceof ServiceFailure)) request.log?.error({ err: error }, 'Import HTTP route failed');
    const answer: RpcResult<never> = { ok: false, error: failure.toServiceError() };
    // A refused upload may still be arriving: the answer goes at once, and the gateway stops
    // sending on it. The connection stays open (what arrives is dropped) until the gateway hangs
    // up: closing it first could make the gateway's writes fail before it reads this answer.
    this.send(response, ERROR_STATUS[failure.code], answer);
  }

  private send(response: Response, status: number, body: unknown): void {
    response.status(status).type('application/json').send(JSON.stringify(body));
  }
}
