import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ConfirmFeedSchema, FeedChangeCategorySchema, FeedChangesPageSchema, FeedViewSchema, IMPORTER_HTTP, IdentityFeedRpc, ServiceFailure } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody, ZodPipe } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';
import { forwardUpload } from '../importer/importer-http';
import { localeOf } from '../problems/locale';
import { streamChanges } from './feed-changes-csv';
import { FeedApiPageSchema, FeedApiViewSchema, feedView } from './feed.view';

/** An id that is not a UUID names no feed. */
const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });
const ListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const FilterSchema = { category: FeedChangeCategorySchema.optional(), uai: z.string().regex(/^\d{7}[A-Z]$/).optional() };
const ChangesQuerySchema = z
  .object({ ...FilterSchema, after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(50) })
  .strict();
const CsvQuerySchema = z.object(FilterSchema).strict();
const ConfirmBodySchema = ConfirmFeedSchema.omit({ id: true }).strict();

/**
 * Académie feeds (issue 15): an AAF delivery or one school's export, read into a diff that nothing
 * applies until someone confirms. The gate here is coarse (those who may import); identity decides:
 * AAF is the manager's, a school export the manager's or that school's administrators'.
 */
@ApiTags('feeds')
@ApiBearerAuth()
@Controller('api/v1/feeds')
export class FeedsController {
  constructor(
    private readonly identity: IdentityClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @MayEver('importAccounts')
  @ApiOperation({
    summary: 'Upload an AAF delivery or one school’s export (SIECLE, STS-web, ONDE); the diff follows',
    description:
      'multipart/form-data: `kind` (`aaf` or `school`), `uai` (a school export’s school; none for AAF), then one or more ' +
      '`files` (the XML or CSV files, or a zip holding them; at most FEED_MAX_BYTES together, 2 GB by default). Send ' +
      '`kind` first: an AAF delivery from an administrator is then refused before its bytes. Answers once the files are ' +
      'stored; they are read in the background: poll GET /feeds/{id} until `ready` (or `failed`, with `error` naming the ' +
      'file, the record and the field).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'files'],
      properties: {
        kind: { type: 'string', enum: ['aaf', 'school'] },
        uai: { type: 'string', pattern: '^\\d{7}[A-Z]$' },
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiAnswer(202, 'Received: the feed, `reading`', FeedApiViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'payload_too_large', 'service_unavailable')
  async upload(@Req() request: Request, @Res() response: Response, @Caller() caller: CallContext, @Headers('accept-language') language?: string): Promise<void> {
    const forward = { importerUrl: this.config.IMPORTER_URL, token: caller.token!, requestId: caller.requestId };
    const answer = await forwardUpload(request, response, { path: IMPORTER_HTTP.feedUpload, maxBytes: this.config.FEED_MAX_BYTES }, forward);
    response.status(202).json(feedView(FeedViewSchema.parse(answer), localeOf(language)));
  }

  @Get()
  @MayEver('importAccounts')
  @ApiOperation({ summary: 'The feeds the caller may see (the manager: all; an administrator: its schools’ exports), most recent first' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: '1–200, 50 by default' })
  @ApiAnswer(200, 'A page of feeds', FeedApiPageSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  async list(@Query(new ZodPipe(ListQuerySchema)) query: z.output<typeof ListQuerySchema>, @Caller() caller: CallContext, @Headers('accept-language') language?: string) {
    const page = await this.identity.call(IdentityFeedRpc.list, query, caller);
    return { total: page.total, items: page.items.map((feed) => feedView(feed, localeOf(language))) };
  }

  @Get(':id')
  @MayEver('importAccounts')
  @ApiOperation({
    summary: 'A feed: its status, its counts per school and per category, the held schools',
    description: 'A school is held when it would lose more than FEED_MAX_LEAVERS_PERCENT of its accounts: the confirmation must give a reason for it.',
  })
  @ApiAnswer(200, 'The feed', FeedApiViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  async get(@Param('id', id) feedId: string, @Caller() caller: CallContext, @Headers('accept-language') language?: string) {
    return feedView(await this.identity.call(IdentityFeedRpc.get, { id: feedId }, caller), localeOf(language));
  }

  @Get(':id/changes.csv')
  @MayEver('importAccounts')
  @ApiOperation({
    summary: 'Every change of the diff as CSV (optionally of one category or school)',
    description: 'UTF-8 with a byte order mark, `;`, French or English headers after Accept-Language; formulas neutralised.',
  })
  @ApiQuery({ name: 'category', required: false, enum: FeedChangeCategorySchema.options })
  @ApiQuery({ name: 'uai', required: false })
  @ApiProduces('text/csv')
  @ApiAnswer(200, 'changes.csv')
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'conflict')
  async changesCsv(
    @Param('id', id) feedId: string,
    @Query(new ZodPipe(CsvQuerySchema)) query: z.output<typeof CsvQuerySchema>,
    @Res() response: Response,
    @Caller() caller: CallContext,
    @Headers('accept-language') language?: string,
  ): Promise<void> {
    await streamChanges(this.identity, { id: feedId, ...query }, caller, localeOf(language), response);
  }

  @Get(':id/changes')
  @MayEver('importAccounts')
  @ApiOperation({ summary: 'The diff’s drill-down: changes in order, optionally of one category or school', description: 'Page with `after` = the previous page’s `next`.' })
  @ApiQuery({ name: 'category', required: false, enum: FeedChangeCategorySchema.options })
  @ApiQuery({ name: 'uai', required: false })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` of the previous page; 0 for the first' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, 50 by default' })
  @ApiAnswer(200, 'A page of changes', FeedChangesPageSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'conflict')
  changes(@Param('id', id) feedId: string, @Query(new ZodPipe(ChangesQuerySchema)) query: z.output<typeof ChangesQuerySchema>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityFeedRpc.changes, { id: feedId, ...query }, caller);
  }

  @Post(':id/confirm')
  @MayEver('importAccounts')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Apply the diff: all of it or nothing, in the background (poll GET /feeds/{id} until `applied`)',
    description: 'Each held school needs its second confirmation in `held`, with the reason (audited); without it the answer is 409 (`feed_held`).',
  })
  @ApiBodyFrom(ConfirmBodySchema)
  @ApiAnswer(202, 'Apply started', FeedApiViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'conflict')
  async confirm(
    @Param('id', id) feedId: string,
    @Body(ZodBody(ConfirmBodySchema)) body: z.output<typeof ConfirmBodySchema>,
    @Caller() caller: CallContext,
    @Headers('accept-language') language?: string,
  ) {
    return feedView(await this.identity.call(IdentityFeedRpc.confirm, { id: feedId, ...body }, caller), localeOf(language));
  }
}
