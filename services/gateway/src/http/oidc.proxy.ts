import type { IncomingMessage } from 'node:http';
import { OIDC_PATH } from '@sesame/contracts';
import type { Request } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

const DISCOVERY = '/.well-known/openid-configuration';

/**
 * Serves identity's OpenID Connect provider at OIDC_PATH of the public address (its discovery
 * document also at the root's /.well-known/openid-configuration). Identity builds its addresses from
 * X-Forwarded-Host and -Proto (the public address) and throttles sign-ins by X-Forwarded-For, which
 * the gateway sets to the client address it determined through TRUST_PROXY (never the client's own).
 */
export function oidcProxy(identityUrl: string, publicUrl: string) {
  const publicAddress = new URL(publicUrl);
  return createProxyMiddleware({
    target: identityUrl,
    pathFilter: (path: string) => path === OIDC_PATH || path.startsWith(`${OIDC_PATH}/`) || path === DISCOVERY,
    pathRewrite: (path: string) => (path === DISCOVERY ? `${OIDC_PATH}${DISCOVERY}` : path),
    proxyTimeout: 15_000,
    logger: undefined,
    on: {
      proxyReq: (proxyReq, req: IncomingMessage) => {
        proxyReq.setHeader('X-Forwarded-For', (req as Request).ip ?? '');
        proxyReq.setHeader('X-Forwarded-Proto', publicAddress.protocol.replace(':', ''));
        proxyReq.setHeader('X-Forwarded-Host', publicAddress.host);
      },
    },
  });
}
