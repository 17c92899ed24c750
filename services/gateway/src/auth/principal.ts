import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Action, ROLES_THAT_MAY } from '@sesame/account-rules';
import type { AccessClaims } from '@sesame/auth';
import type { CallContext } from '@sesame/messaging';
import type { Request } from 'express';

/** The request as the guard leaves it; `id` is the request id pino-http assigned. */
export type AuthenticatedRequest = Request & {
  principal?: AccessClaims;
  accessToken?: string;
  id?: string;
};

export const PUBLIC_ROUTE = 'sesame:public';
export const ALLOWED_ROLES = 'sesame:roles';

/** No token needed (login, activation, password reset). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The route performs `action`: only the roles that may ever do it call it at all (the rulebook's
 * table, libs/account-rules). A first, coarse gate: identity checks scope and ownership again.
 */
export const MayEver = (action: Action) => SetMetadata(ALLOWED_ROLES, ROLES_THAT_MAY[action]);

/** What a call to a service carries on behalf of this request: the caller's token and the request id. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return { token: request.accessToken, requestId: request.id };
});
