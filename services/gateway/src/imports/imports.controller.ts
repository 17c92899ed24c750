import { Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IMPORTER_HTTP, ImportPageSchema, ImporterRpc, ServiceFailure } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { ApiAnswer, ApiProblems } from '../http/api-docs';
import { ZodPipe } from '../http/zod.pipe';
import { localeOf } from '../problems/locale';
import { ImporterClient } from '../importer/importer.client';
import { forwardReport, forwardUpload } from '../importer/importer-http';
import { ImportReportViewSchema, importReportView } from './import-report.view';

/** An id that is not a UUID names no import. */
const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });
const ListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

@ApiTags('imports')
@ApiBearerAuth()
@Controller('api/v1/imports')
export class ImportsController {
  constructor(
    private readonly importer: ImporterClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @MayEver('importAccounts')
  @ApiOperation({
    summary: 'Upload a Collaborate CSV (SPEC §5); the validation report follows',
    description:
      'multipart/form-data with the field `file` (UTF-8 with or without BOM, or Windows-1252; `,` `;` or tab; at most ' +
      'IMPORT_MAX_BYTES, 50 MB by default). `administratorId`: the administrator of imported supervisors (the manager ' +
      'chooses; an administrator is assigned). `schoolId`: the school of member rows without a `school` cell. Answers ' +
      'once the file is read; the checks against the directory continue: poll GET /imports/{id}. A file that cannot be read ' +
      '(binary, a quote never closed, a line too long) is refused at once with 400, the line and the reason in `errors` ' +
      '(field `file`), without waiting for the rest of the body: the connection then closes.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        administratorId: { type: 'string', format: 'uuid' },
        schoolId: { type: 'string', format: 'uuid' },
      },
    },
  })
  @ApiAnswer(202, 'Received', z.object({ id: z.uuid() }))
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'payload_too_large', 'service_unavailable')
  async upload(@Req() request: Request, @Res() response: Response, @Caller() caller: CallContext): Promise<void> {
    const answer = await forwardUpload(request, response, { path: IMPORTER_HTTP.upload, maxBytes: this.config.IMPORT_MAX_BYTES }, this.forward(caller));
    response.status(202).json(answer);
  }

  @Get()
  @MayEver('importAccounts')
  @ApiOperation({ summary: 'History of imports: the manager sees all, an administrator its own; most recent first' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: '1–200, 50 by default' })
  @ApiAnswer(200, 'A page of the history', ImportPageSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  list(@Query(new ZodPipe(ListQuerySchema)) query: z.output<typeof ListQuerySchema>, @Caller() caller: CallContext) {
    return this.importer.call(ImporterRpc.listImports, query, caller);
  }

  @Get(':id')
  @MayEver('importAccounts')
  @ApiOperation({
    summary: 'Validation report and progress of an import',
    description: 'The first 200 errors (all of them in report.csv), a preview of valid rows, new classes, progress.',
  })
  @ApiAnswer(200, 'The report', ImportReportViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  async get(@Param('id', id) importId: string, @Caller() caller: CallContext, @Headers('accept-language') language?: string) {
    return importReportView(await this.importer.call(ImporterRpc.getImport, { id: importId }, caller), localeOf(language));
  }

  @Get(':id/report.csv')
  @MayEver('importAccounts')
  @ApiOperation({
    summary: 'The uploaded rows with an error column',
    description:
      'Same separator and line breaks as the upload, UTF-8 with a byte order mark; formulas neutralised; password cells empty (rows that had one ' +
      'say to type it again). Loads again as it is: the error column is ignored.',
  })
  @ApiProduces('text/csv')
  @ApiAnswer(200, 'report.csv')
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  async reportCsv(
    @Param('id', id) importId: string,
    @Res() response: Response,
    @Caller() caller: CallContext,
    @Headers('accept-language') language?: string,
  ): Promise<void> {
    await forwardReport(importId, localeOf(language), response, this.forward(caller));
  }

  @Post(':id/confirm')
  @MayEver('importAccounts')
  @HttpCode(202)
  @ApiOperation({ summary: 'Create the accounts: all of them or none, in the background (poll GET /imports/{id})' })
  @ApiAnswer(202, 'Import started', ImportReportViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  async confirm(@Param('id', id) importId: string, @Caller() caller: CallContext, @Headers('accept-language') language?: string) {
    return importReportView(await this.importer.call(ImporterRpc.confirmImport, { id: importId }, caller), localeOf(language));
  }

  private forward(caller: CallContext) {
    return { importerUrl: this.config.IMPORTER_URL, token: caller.token!, requestId: caller.requestId };
  }
}
