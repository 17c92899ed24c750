import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdentityRpc, LoginResultSchema, LoginSchema, ServiceFailure } from '@sesame/contracts';
import type { z } from 'zod';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';
import { AttemptThrottle } from './attempt-throttle';
import { AuthenticatedRequest, Public } from './principal';

export const LOGIN_THROTTLE = Symbol('LOGIN_THROTTLE');

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly identity: IdentityClient,
    @Inject(LOGIN_THROTTLE) private readonly throttle: AttemptThrottle,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a username and a password; returns an access token' })
  @ApiBodyFrom(LoginSchema)
  @ApiAnswer(200, 'Signed in', LoginResultSchema)
  @ApiProblems('validation_failed', 'invalid_credentials', 'account_deactivated', 'rate_limited', 'service_unavailable')
  async login(@Body(ZodBody(LoginSchema)) body: z.output<typeof LoginSchema>, @Req() request: AuthenticatedRequest) {
    const address = request.ip ?? 'unknown';
    await this.throttle.assertAllowed(body.username, address);
    try {
      const session = await this.identity.call(IdentityRpc.login, body, { requestId: request.id });
      await this.throttle.recordSuccess(body.username, address);
      return session;
    } catch (error) {
      if (error instanceof ServiceFailure && error.code === 'invalid_credentials') {
        await this.throttle.recordFailure(body.username, address);
      }
      throw error;
    }
  }
}
