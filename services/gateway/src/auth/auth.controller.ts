import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ActivateSchema,
  ForgotPasswordSchema,
  IdentityRpc,
  LoginResultSchema,
  LoginSchema,
  ResetPasswordSchema,
} from '@sesame/contracts';
import { FORGOT_PASSWORD_ANSWER } from '@sesame/account-rules';
import { z } from 'zod';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';
import { localeOf } from '../problems/locale';
import { AuthenticatedRequest, Public } from './principal';

const ForgotBodySchema = ForgotPasswordSchema.omit({ locale: true }).strict();
const ResetBodySchema = ResetPasswordSchema.strict();
const ForgotAnswerSchema = z.object({ status: z.literal('accepted'), message: z.string() });

/** The client address as determined through TRUST_PROXY: identity throttles attempts by it. */
const clientAddressOf = (request: AuthenticatedRequest) => request.ip ?? 'unknown';

/** Login, activation and reset requests are throttled by identity itself, so no caller can get around it. */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly identity: IdentityClient) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a username and a password; returns an access token' })
  @ApiBodyFrom(LoginSchema)
  @ApiAnswer(200, 'Signed in', LoginResultSchema)
  @ApiProblems('validation_failed', 'invalid_credentials', 'account_deactivated', 'rate_limited', 'service_unavailable')
  async login(@Body(ZodBody(LoginSchema)) body: z.output<typeof LoginSchema>, @Req() request: AuthenticatedRequest) {
    return this.identity.call(IdentityRpc.login, { ...body, clientAddress: clientAddressOf(request) }, { requestId: request.id });
  }

  @Post('activate')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Activate an account with the code of its letter; returns an access token',
    description: 'The user chooses a password (12 characters or more) and may give an email address.',
  })
  @ApiBodyFrom(ActivateSchema)
  @ApiAnswer(200, 'Activated and signed in', LoginResultSchema)
  @ApiProblems('validation_failed', 'invalid_activation', 'account_deactivated', 'activation_code_expired', 'rate_limited', 'service_unavailable')
  async activate(@Body(ZodBody(ActivateSchema.strict())) body: z.output<typeof ActivateSchema>, @Req() request: AuthenticatedRequest) {
    return this.identity.call(IdentityRpc.activate, { ...body, clientAddress: clientAddressOf(request) }, { requestId: request.id });
  }

  @Post('password/forgot')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password reset link',
    description:
      'Always 202 with the same body. When the account has an email, a single-use link valid 30 minutes is sent; ' +
      'otherwise nothing is sent and the user should ask the school’s administrator.',
  })
  @ApiBodyFrom(ForgotBodySchema)
  @ApiAnswer(202, 'Accepted', ForgotAnswerSchema)
  @ApiProblems('validation_failed', 'service_unavailable')
  async forgot(@Body(ZodBody(ForgotBodySchema)) body: z.output<typeof ForgotBodySchema>, @Req() request: AuthenticatedRequest) {
    const locale = localeOf(request.headers['accept-language']);
    // Identity does the work (and drops requests past its limits) after this answer: its duration tells nothing.
    await this.identity.emit(IdentityRpc.forgotPassword, { username: body.username, locale, clientAddress: clientAddressOf(request) }, { requestId: request.id });
    return { status: 'accepted' as const, message: FORGOT_PASSWORD_ANSWER[locale] };
  }

  @Post('password/reset')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Choose a new password with the token of a reset link; ends every session' })
  @ApiBodyFrom(ResetBodySchema)
  @ApiAnswer(204, 'Password changed')
  @ApiProblems('validation_failed', 'invalid_reset_token', 'service_unavailable')
  async reset(@Body(ZodBody(ResetBodySchema)) body: z.output<typeof ResetBodySchema>, @Req() request: AuthenticatedRequest) {
    await this.identity.call(IdentityRpc.resetPassword, body, { requestId: request.id });
  }
}
