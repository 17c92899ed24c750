import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangeOwnPasswordSchema, IdentityRpc, TokenSchema, UpdateMeSchema, UserViewSchema } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import type { z } from 'zod';
import { Caller } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly identity: IdentityClient) {}

  @Get()
  @ApiOperation({ summary: 'Your own account' })
  @ApiAnswer(200, 'Your account', UserViewSchema)
  @ApiProblems('unauthenticated')
  me(@Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.getMe, {}, caller);
  }

  @Patch()
  @ApiOperation({ summary: 'Change your display name or email' })
  @ApiBodyFrom(UpdateMeSchema)
  @ApiAnswer(200, 'Your account, changed', UserViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated')
  update(@Body(ZodBody(UpdateMeSchema)) body: z.output<typeof UpdateMeSchema>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityRpc.updateMe, body, caller);
  }

  @Put('password')
  @ApiOperation({
    summary: 'Change your password',
    description: 'Needs the current password. Your other sessions end; the answer carries a new token for this one.',
  })
  @ApiBodyFrom(ChangeOwnPasswordSchema)
  @ApiAnswer(200, 'Password changed; use the new token', TokenSchema)
  @ApiProblems('validation_failed', 'unauthenticated')
  changePassword(
    @Body(ZodBody(ChangeOwnPasswordSchema)) body: z.output<typeof ChangeOwnPasswordSchema>,
    @Caller() caller: CallContext,
  ) {
    return this.identity.call(IdentityRpc.changeOwnPassword, body, caller);
  }
}
