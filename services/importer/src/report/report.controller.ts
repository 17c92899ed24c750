import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { IMPORTER_HTTP, ServiceFailure } from '@sesame/contracts';
import type { Request, Response } from 'express';
import { bearer, sendFailure } from '../http/internal-answers';
import { CallersService } from '../identity/callers.service';
import { ImportReportService } from './import-report.service';
import { ReportCsvService, reportFileName } from './report-csv.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** report.csv, internal: the gateway streams it from here to the caller, whose token it forwards. */
@Controller()
export class ReportController {
  constructor(
    private readonly reports: ImportReportService,
    private readonly csv: ReportCsvService,
    private readonly callers: CallersService,
  ) {}

  @Get(IMPORTER_HTTP.reportCsv(':id'))
  async reportCsv(@Param('id') id: string, @Query('locale') locale: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const caller = await this.callers.resolve(bearer(request), request.headers['x-request-id'] as string | undefined);
      if (!UUID.test(id)) throw new ServiceFailure('not_found');
      const record = await this.reports.visible(caller, id);
      if (record.expired_at) throw new ServiceFailure('conflict', { params: { reason: 'import_expired' } });
      const language = locale === 'en' ? 'en' : 'fr';
      response.status(200);
      response.setHeader('content-type', 'text/csv; charset=utf-8');
      response.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(reportFileName(record.file_name, language))}`);
      await this.csv.write(record, language, response);
    } catch (error) {
      // Once the CSV has started, a failure can only cut it short.
      if (response.headersSent) response.destroy();
      else sendFailure(request, response, error);
    }
  }
}
