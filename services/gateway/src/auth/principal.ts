import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { AccessClaims } from '@sesame/auth';
import type { Role } from '@sesame/contracts';
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
 * Roles that may call the route at all (SPEC §2). A first, coarse gate: the service that owns the
 * data checks scope and ownership again.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** What a call to a service carries on behalf of this request: the caller's token and the request id. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CallContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return { token: request.accessToken, requestId: request.id };
});
