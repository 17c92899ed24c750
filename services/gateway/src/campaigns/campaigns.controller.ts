import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CampaignPageSchema,
  CampaignPreviewRequestSchema,
  CampaignPreviewSchema,
  CampaignViewSchema,
  CreateCampaignSchema,
  MailmergeRpc,
  RecipientPageSchema,
  ServiceFailure,
  TestEmailResultSchema,
  TestEmailSchema,
  UserFilterSchema,
} from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { Response } from 'express';
import { z } from 'zod';
import { AuthenticatedRequest, Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody, ZodPipe } from '../http/zod.pipe';
import { CampaignDocumentProxy } from './campaign-document.proxy';
import { CampaignListQuerySchema, RecipientQuerySchema } from './campaigns.query';
import { MailmergeClient } from './mailmerge.client';

/** The filter of GET /users as JSON: unknown fields are refused, not ignored. */
const filter = UserFilterSchema.strict().default({ preDeleted: 'exclude', deactivated: 'exclude' });
const CreateBodySchema = CreateCampaignSchema.extend({ filter }).strict();
const TestBodySchema = TestEmailSchema.extend({ filter }).strict();
const PreviewBodySchema = CampaignPreviewRequestSchema.extend({ filter }).strict();
const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });

@ApiTags('campaigns')
@ApiBearerAuth()
@MayEver('distributeAccounts')
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly mailmerge: MailmergeClient,
    private readonly documents: CampaignDocumentProxy,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Distribute accounts: PDF letters or emails to a selection (SPEC §6)',
    description:
      '`filter` and `sort` are those of GET /users, within your scope (a school or class outside it is refused). ' +
      'The selection is frozen when the campaign starts: later changes to the accounts do not alter it. ' +
      'Deactivated and pre-deleted accounts are always left out (recorded as skipped, with the reason), whatever the filter says. ' +
      '`sort` is the order of the letters: `name` alphabetical across the selection, `class` by school, class then name (a cover sheet before each class), `profile` by profile then name. ' +
      'Follow the campaign with GET /campaigns/{id}.',
  })
  @ApiBodyFrom(CreateBodySchema)
  @ApiAnswer(202, 'Launched; the selection is being frozen', CampaignViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'conflict')
  create(@Body(ZodBody(CreateBodySchema)) body: z.output<typeof CreateBodySchema>, @Caller() caller: CallContext) {
    return this.mailmerge.call(MailmergeRpc.createCampaign, body, caller);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Before launching: how many accounts a campaign would reach, and how many it would leave out and why',
    description:
      'The same selection as POST /campaigns, counted by the rules the campaign applies: deactivated, pre-deleted, no email (email campaigns), activation code missing or expired. Nothing is launched.',
  })
  @ApiBodyFrom(PreviewBodySchema)
  @ApiAnswer(200, 'What the campaign would do', CampaignPreviewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  preview(@Body(ZodBody(PreviewBodySchema)) body: z.output<typeof PreviewBodySchema>, @Caller() caller: CallContext) {
    return this.mailmerge.call(MailmergeRpc.previewCampaign, body, caller);
  }

  @Post('test-email')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a test to me: the email the selection’s first recipient would get, sent to your own address',
    description: 'Shows that account’s real data (it is in your scope), marked as a test. Needs an email on your own account.',
  })
  @ApiBodyFrom(TestBodySchema)
  @ApiAnswer(200, 'Sent', TestEmailResultSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'conflict', 'service_unavailable')
  testEmail(@Body(ZodBody(TestBodySchema)) body: z.output<typeof TestBodySchema>, @Caller() caller: CallContext) {
    return this.mailmerge.call(MailmergeRpc.sendTestEmail, body, caller);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns you may read, newest first: who, when, filter, counts, outcome' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: '1–500 (default 50)' })
  @ApiAnswer(200, 'A page of campaigns', CampaignPageSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  list(@Query(new ZodPipe(CampaignListQuerySchema)) query: z.output<typeof CampaignListQuerySchema>, @Caller() caller: CallContext) {
    return this.mailmerge.call(MailmergeRpc.listCampaigns, query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign: status, progress and counts' })
  @ApiAnswer(200, 'The campaign', CampaignViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  get(@Param('id', id) campaignId: string, @Caller() caller: CallContext) {
    return this.mailmerge.call(MailmergeRpc.getCampaign, { id: campaignId }, caller);
  }

  @Get(':id/recipients')
  @ApiOperation({ summary: 'What became of each account of a campaign, in letter order' })
  @ApiQuery({ name: 'status', required: false, description: 'pending | claimed | printed | sent | skipped | failed | uncertain' })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false, description: '1–500 (default 50)' })
  @ApiAnswer(200, 'A page of recipients', RecipientPageSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found')
  recipients(
    @Param('id', id) campaignId: string,
    @Query(new ZodPipe(RecipientQuerySchema)) query: z.output<typeof RecipientQuerySchema>,
    @Caller() caller: CallContext,
  ) {
    return this.mailmerge.call(MailmergeRpc.listRecipients, { id: campaignId, ...query }, caller);
  }

  @Get(':id/document')
  @ApiOperation({ summary: 'The PDF of a completed letter campaign' })
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict', 'service_unavailable')
  async document(@Param('id', id) campaignId: string, @Req() request: AuthenticatedRequest, @Res() response: Response): Promise<void> {
    await this.documents.stream(campaignId, request.accessToken!, response, request.id);
  }
}
