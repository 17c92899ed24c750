import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidToken, TokenVerifier } from '@sesame/auth';
import { OIDC_PATH, Role, ServiceFailure } from '@sesame/contracts';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { ALLOWED_ROLES, AuthenticatedRequest, PUBLIC_ROUTE } from './principal';

/** Verifies the bearer token locally (no call to identity) and applies the route's role gate. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.verifier = new TokenVerifier(config.JWT_PUBLIC_KEY, undefined, [`${config.PUBLIC_URL.replace(/\/+$/, '')}${OIDC_PATH}`]);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Probes and scrapes are unauthenticated by design.
    if (!request.path.startsWith('/api/')) return true;

    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header);
    if (!match) throw new ServiceFailure('unauthenticated');
    try {
      request.principal = await this.verifier.verify(match[1]);
      request.accessToken = match[1];
    } catch (error) {
      if (error instanceof InvalidToken) throw new ServiceFailure('unauthenticated');
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) throw new ServiceFailure('forbidden');
    return true;
  }
}
