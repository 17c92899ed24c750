import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateScimTargetSchema, IdentityScimTargetsRpc, ScimTargetViewSchema, ServiceFailure, UpdateScimTargetSchema } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

const CreateBody = CreateScimTargetSchema.strict();
const PatchBody = UpdateScimTargetSchema.omit({ id: true }).strict();
const TargetList = z.object({ items: z.array(ScimTargetViewSchema) });
/** An id that is not a UUID is an unknown target. */
const targetId = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });

const ABOUT =
  'Sesame pushes the accounts of the target’s schools and profiles (all when none are chosen) to its SCIM base address, in order, from a queue of its own: ' +
  'created, replaced, deactivated (`active: false`) and deleted there as they change here. The token is kept encrypted and never shown again. ' +
  'Addresses are `https://`, or `http://` on localhost or 127.0.0.1. Refusals: `validation_failed` with codes `scim_target.*`. See docs/scim-push.md.';

/** The tools Sesame pushes the académie's accounts to (issue 18): the manager registers them. */
@ApiTags('scim-targets')
@ApiBearerAuth()
@Controller('api/v1/scim-targets')
export class ScimTargetsController {
  constructor(private readonly identity: IdentityClient) {}

  @Get()
  @MayEver('registerScimTargets')
  @ApiOperation({ summary: 'The SCIM targets, by name, with their delivery state' })
  @ApiAnswer(200, 'The targets, without their tokens', TargetList)
  @ApiProblems('unauthenticated', 'forbidden')
  list(@Caller() caller: CallContext) {
    return this.identity.call(IdentityScimTargetsRpc.list, {}, caller);
  }

  @Get(':id')
  @MayEver('registerScimTargets')
  @ApiOperation({ summary: 'One SCIM target and its delivery state' })
  @ApiAnswer(200, 'The target, without its token', ScimTargetViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  get(@Param('id', targetId) id: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityScimTargetsRpc.get, { id }, caller);
  }

  @Post()
  @MayEver('registerScimTargets')
  @ApiOperation({ summary: 'Register a SCIM target', description: ABOUT })
  @ApiBodyFrom(CreateBody)
  @ApiAnswer(201, 'The target', ScimTargetViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  create(@Body(ZodBody(CreateBody)) body: z.output<typeof CreateBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityScimTargetsRpc.create, body, caller);
  }

  @Patch(':id')
  @MayEver('registerScimTargets')
  @ApiOperation({ summary: 'Change a SCIM target (a new `token` replaces the one kept; `enabled: false` holds its changes in its queue)', description: ABOUT })
  @ApiBodyFrom(PatchBody)
  @ApiAnswer(200, 'The target, changed', ScimTargetViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found')
  update(@Param('id', targetId) id: string, @Body(ZodBody(PatchBody)) body: z.output<typeof PatchBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityScimTargetsRpc.update, { ...body, id }, caller);
  }

  @Post(':id/reconcile')
  @MayEver('registerScimTargets')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Compare the target with Sesame and repair the drift',
    description: 'Runs in the background (`reconcile` in the answer says when it ends, with its counts). The target’s users without a Sesame id (externalId) are left alone. `409` while one runs.',
  })
  @ApiAnswer(202, 'The target, its reconciliation started', ScimTargetViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  reconcile(@Param('id', targetId) id: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityScimTargetsRpc.reconcile, { id }, caller);
  }

  @Delete(':id')
  @MayEver('registerScimTargets')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a SCIM target: nothing more is pushed to it, its queue and dead letters are deleted' })
  @ApiAnswer(204, 'Removed')
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  async delete(@Param('id', targetId) id: string, @Caller() caller: CallContext): Promise<void> {
    await this.identity.call(IdentityScimTargetsRpc.delete, { id }, caller);
  }
}
