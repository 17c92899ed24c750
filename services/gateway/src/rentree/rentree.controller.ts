import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdentityRentreeRpc, RentreeInputSchema, RentreePreviewSchema, RentreeSchema, ServiceFailure } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });
const RentreeBody = RentreeInputSchema.strict();
const classListHelp =
  '`classList` (optional): rows `{ line?, schoolId?, login | ine, className }` placing pupils in the classes of the year opened ' +
  '(`schoolId` may be left out when one school is opened). A pupil not found is refused with the line (`validation_failed`, ' +
  'code `rentree.unknown_pupil`, params `line` and `value`), and nothing is written. Without a class list, the next feed places the pupils.';

/** The rentrée (issue 16): open school year N+1 for some schools, and restore year N within 30 days. */
@ApiTags('rentree')
@ApiBearerAuth()
@Controller('api/v1/rentrees')
export class RentreeController {
  constructor(private readonly identity: IdentityClient) {}

  @Get()
  @MayEver('openSchoolYear')
  @ApiOperation({ summary: 'The rentrées of the caller’s schools (all of them for the manager), newest first' })
  @ApiAnswer(200, 'The rentrées, each with its counts and whether it can still be restored', z.object({ items: z.array(RentreeSchema) }))
  @ApiProblems('unauthenticated', 'forbidden')
  list(@Caller() caller: CallContext) {
    return this.identity.call(IdentityRentreeRpc.list, {}, caller);
  }

  @Post('preview')
  @MayEver('openSchoolYear')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What opening a school year would do, school by school; nothing is written',
    description: `Classes archived, pupils kept (same login, password and activation), pupils without a class yet, newcomers. ${classListHelp}`,
  })
  @ApiBodyFrom(RentreeBody)
  @ApiAnswer(200, 'The counts, per school and in total', RentreePreviewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  preview(@Body(ZodBody(RentreeBody)) body: z.output<typeof RentreeBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRentreeRpc.preview, body, caller);
  }

  @Post()
  @MayEver('openSchoolYear')
  @ApiOperation({
    summary: 'Open school year `schoolYear` (2027 for 2027-2028) for the schools (all of them for the manager when `schoolIds` is absent)',
    description:
      'In one transaction: year N’s classes and class memberships archived then removed; accounts and school memberships untouched. ' +
      `Refused (\`conflict\`, reason \`rentree_already_opened\`) when one of the schools opened this year or a later one. ${classListHelp}`,
  })
  @ApiBodyFrom(RentreeBody)
  @ApiAnswer(201, 'The rentrée, restorable until `restorableUntil`', RentreeSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'conflict')
  open(@Body(ZodBody(RentreeBody)) body: z.output<typeof RentreeBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRentreeRpc.open, body, caller);
  }

  @Post(':id/restore')
  @MayEver('openSchoolYear')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore year N, all or nothing: its classes (same ids) and class memberships; the classes created since are removed',
    description: 'Refused (`conflict`) after 30 days (`restore_expired`), when restored already (`rentree_restored`) or when a later rentrée opened its schools (`rentree_superseded`). Newcomers stay in their school.',
  })
  @ApiAnswer(200, 'The rentrée, restored', RentreeSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  restore(@Param('id', id) rentreeId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRentreeRpc.restore, { id: rentreeId }, caller);
  }
}
