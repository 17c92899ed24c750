import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClassViewSchema, CreateClassSchema, CreateSchoolSchema, IdentityRpc, SchoolViewSchema, ServiceFailure } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

const ClassBodySchema = CreateClassSchema.omit({ schoolId: true }).strict();
const id = new ParseUUIDPipe({ exceptionFactory: () => new ServiceFailure('not_found') });

@ApiTags('schools')
@ApiBearerAuth()
@Controller('api/v1/schools')
export class SchoolsController {
  constructor(private readonly identity: IdentityClient) {}

  @Get()
  @ApiOperation({ summary: 'Schools you work in (all of them for the manager)' })
  @ApiAnswer(200, 'Schools', z.array(SchoolViewSchema))
  @ApiProblems('unauthenticated')
  list(@Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.listSchools, {}, caller);
  }

  @Post()
  @MayEver('createSchool')
  @ApiOperation({ summary: 'Add a school by its UAI code (manager only)' })
  @ApiBodyFrom(CreateSchoolSchema)
  @ApiAnswer(201, 'Created', SchoolViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  create(@Body(ZodBody(CreateSchoolSchema.strict())) body: z.output<typeof CreateSchoolSchema>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.createSchool, body, caller);
  }

  @Get(':id/classes')
  @ApiOperation({ summary: 'Classes of a school, in alphabetical order' })
  @ApiAnswer(200, 'Classes', z.array(ClassViewSchema))
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  classes(@Param('id', id) schoolId: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.listClasses, { schoolId }, caller);
  }

  @Post(':id/classes')
  @MayEver('createClass')
  @ApiOperation({ summary: 'Add a class to a school you administer' })
  @ApiBodyFrom(ClassBodySchema)
  @ApiAnswer(201, 'Created', ClassViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found')
  createClass(@Param('id', id) schoolId: string, @Body(ZodBody(ClassBodySchema)) body: z.output<typeof ClassBodySchema>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.createClass, { schoolId, name: body.name }, caller);
  }
}
