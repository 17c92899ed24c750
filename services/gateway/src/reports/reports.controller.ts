import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ActivationReportQuerySchema, ActivationReportSchema, IdentityRpc } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiProblems } from '../http/api-docs';
import { ZodPipe } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly identity: IdentityClient) {}

  @Get('activation')
  @MayEver('readReports')
  @ApiOperation({ summary: 'Accounts activated and not activated, by school, profile and class' })
  @ApiQuery({ name: 'schoolId', required: false, description: 'One school (UUID); all of yours when absent' })
  @ApiAnswer(200, 'The report', ActivationReportSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found')
  activation(
    @Query(new ZodPipe(ActivationReportQuerySchema.strict())) query: z.output<typeof ActivationReportQuerySchema>,
    @Caller() caller: CallContext,
  ) {
    return this.identity.call(IdentityRpc.activationReport, query, caller);
  }
}
