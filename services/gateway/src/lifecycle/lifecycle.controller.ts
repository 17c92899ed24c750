import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountLifecycleSchema,
  IdentityLifecycleRpc,
  LifecyclePolicySchema,
  LifecycleSimulationSchema,
  ServiceFailure,
  SetLifecyclePolicySchema,
  SimulateLifecycleSchema,
} from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });
const PolicyBody = SetLifecyclePolicySchema.strict();
const SimulateBody = SimulateLifecycleSchema.strict();
const DepartBody = z.object({ leftAt: z.iso.datetime({ offset: true }).optional() }).strict();

/** The leavers' calendar (issue 16): the policy, an account's dates, departures and returns. */
@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/v1')
export class LifecycleController {
  constructor(private readonly identity: IdentityClient) {}

  @Get('lifecycle/policy')
  @MayEver('listAccounts')
  @ApiOperation({ summary: 'The leavers’ calendar: per profile, the days of toleration, deactivation and pre-deletion before deletion' })
  @ApiAnswer(200, 'The policy, with the legal maximum (days from departure to deletion)', LifecyclePolicySchema)
  @ApiProblems('unauthenticated', 'forbidden')
  policy(@Caller() caller: CallContext) {
    return this.identity.call(IdentityLifecycleRpc.getPolicy, {}, caller);
  }

  @Put('lifecycle/policy')
  @MayEver('setLifecyclePolicy')
  @ApiOperation({
    summary: 'Set the delays of one or more profiles (the manager)',
    description:
      'Refused whole (`validation_failed`, code `lifecycle.exceeds_legal_limit`) when a profile’s three delays add up to more than ' +
      '`legalMaximumDays`: the arrêté of 30 November 2006 (article 6) wants an ENT account’s data deleted within three months of the departure. ' +
      'Leavers already on their way follow the new delays from their departure date.',
  })
  @ApiBodyFrom(PolicyBody)
  @ApiAnswer(200, 'The policy as it now is', LifecyclePolicySchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  setPolicy(@Body(ZodBody(PolicyBody)) body: z.output<typeof PolicyBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityLifecycleRpc.setPolicy, body, caller);
  }

  @Post('lifecycle/simulate')
  @MayEver('listAccounts')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The simulator for a selection: deactivated on …, deleted on …',
    description:
      'The accounts of the selection (within the caller’s scope, as `GET /users` filters them) grouped by profile, step and the days they would ' +
      'be deactivated and deleted: those who have not left as if they left on `leftAt` (today when absent), leavers by their own calendar. ' +
      '`outside` counts the accounts no calendar applies to (staff roles).',
  })
  @ApiBodyFrom(SimulateBody)
  @ApiAnswer(200, 'The groups and their counts', LifecycleSimulationSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  simulate(@Body(ZodBody(SimulateBody)) body: z.output<typeof SimulateBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityLifecycleRpc.simulate, body, caller);
  }

  @Get('users/:id/lifecycle')
  @ApiOperation({ summary: 'The account’s calendar: deactivated on …, deleted on … (for an account that has not left, what a departure today would give)' })
  @ApiAnswer(200, 'The step and its dates', AccountLifecycleSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  ofUser(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityLifecycleRpc.ofUser, { id: userId }, caller);
  }

  @Post('users/:id/depart')
  @MayEver('manageAccount')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a member’s departure (now, or a past date): active and flagged as leaving until the toleration ends, then the calendar' })
  @ApiBodyFrom(DepartBody)
  @ApiAnswer(200, 'The account’s calendar', AccountLifecycleSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'conflict')
  depart(@Param('id', id) userId: string, @Body(ZodBody(DepartBody)) body: z.output<typeof DepartBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityLifecycleRpc.depart, { id: userId, ...body }, caller);
  }

  @Post('users/:id/return')
  @MayEver('manageAccount')
  @HttpCode(200)
  @ApiOperation({ summary: 'A leaver comes back before deletion: active again with the same login and password (undoing a deactivation is the manager’s)' })
  @ApiAnswer(200, 'The account’s calendar', AccountLifecycleSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  comeBack(@Param('id', id) userId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityLifecycleRpc.comeBack, { id: userId }, caller);
  }
}
