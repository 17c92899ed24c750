import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { OIDC_PATH } from '@sesame/contracts';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { OidcInteractions } from './interactions';
import { OidcProviderService } from './provider.service';

/**
 * Mounts the provider at OIDC_PATH of identity's HTTP port, ahead of Nest's routes and body parsers
 * (the provider reads its own bodies). The provider is built when the modules start (it loads its
 * keys and salt), so the handler is looked up on the first request. The gateway forwards OIDC_PATH
 * of the public address here with the client's address in X-Forwarded-For (trustProxy).
 */
export function mountOidc(app: INestApplication, trustProxy: string): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', trustProxy.split(',').map((entry) => entry.trim()));
  let interactions: RequestHandler | undefined;
  let provider: RequestHandler | undefined;
  express.use(`${OIDC_PATH}/interaction`, (req: Request, res: Response, next: NextFunction) => {
    interactions ??= app.get(OidcInteractions).router();
    interactions(req, res, next);
  });
  express.use(OIDC_PATH, (req: Request, res: Response, next: NextFunction) => {
    provider ??= app.get(OidcProviderService).provider.callback() as RequestHandler;
    provider(req, res, next);
  });
}
