import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdentityUndoRpc, ServiceFailure, UndoPreviewSchema, UndoResultSchema } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });
const UndoBody = z.object({ skipBlocked: z.boolean().default(false) }).strict();

const PREVIEW = 'what an undo would do now: the accounts removed and restored, and those that block it (activated, distributed or edited since)';
const UNDO =
  'Removes the accounts it created and restores those it changed as they were, in one transaction; once only (`conflict`, reason ' +
  '`already_undone`, after). Accounts activated, distributed or edited since refuse it (`conflict`, reason `undo_blocked`, their ' +
  'logins in the message) unless `skipBlocked` is true: the rest is undone, and they are left as they are. The person who confirmed it, or the manager.';

/** Undo of a confirmed CSV import or an applied feed (issue 16). */
@ApiTags('undo')
@ApiBearerAuth()
@Controller('api/v1')
export class UndoController {
  constructor(private readonly identity: IdentityClient) {}

  @Get('imports/:id/undo')
  @MayEver('undoOperation')
  @ApiOperation({ summary: `A confirmed import: ${PREVIEW}` })
  @ApiAnswer(200, 'The preview', UndoPreviewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  previewImport(@Param('id', id) importId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityUndoRpc.preview, { kind: 'import', id: importId }, caller);
  }

  @Post('imports/:id/undo')
  @MayEver('undoOperation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a confirmed import', description: UNDO })
  @ApiBodyFrom(UndoBody)
  @ApiAnswer(200, 'What was undone', UndoResultSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'conflict')
  undoImport(@Param('id', id) importId: string, @Body(ZodBody(UndoBody)) body: z.output<typeof UndoBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityUndoRpc.undo, { kind: 'import', id: importId, skipBlocked: body.skipBlocked }, caller);
  }

  @Get('feeds/:id/undo')
  @MayEver('undoOperation')
  @ApiOperation({ summary: `An applied feed: ${PREVIEW}` })
  @ApiAnswer(200, 'The preview', UndoPreviewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  previewFeed(@Param('id', id) feedId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityUndoRpc.preview, { kind: 'feed', id: feedId }, caller);
  }

  @Post('feeds/:id/undo')
  @MayEver('undoOperation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo an applied feed', description: UNDO })
  @ApiBodyFrom(UndoBody)
  @ApiAnswer(200, 'What was undone', UndoResultSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'conflict')
  undoFeed(@Param('id', id) feedId: string, @Body(ZodBody(UndoBody)) body: z.output<typeof UndoBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityUndoRpc.undo, { kind: 'feed', id: feedId, skipBlocked: body.skipBlocked }, caller);
  }
}
