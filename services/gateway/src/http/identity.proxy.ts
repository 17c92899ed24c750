import type { IncomingMessage } from 'node:http';
import { ONEROSTER_PATH, OIDC_PATH, SCIM_PATH } from '@sesame/contracts';
import type { Request } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

const DISCOVERY = '/.well-known/openid-configuration';

/** The public paths identity answers itself over HTTP: the OpenID Connect provider, SCIM 2.0 and OneRoster 1.2. */
const IDENTITY_PATHS = [OIDC_PATH, SCIM_PATH, ONEROSTER_PATH];
const servedByIdentity = (path: string) => path === DISCOVERY || IDENTITY_PATHS.some((base) => path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`));

/**
 * Serves identity's OpenID Connect provider at OIDC_PATH of the public address (its discovery
 * document also at the root's /.well-known/openid-configuration), and its SCIM and OneRoster
 * services (issue 18), which authenticate their machine clients with the provider's tokens. Identity
 * builds its addresses from X-Forwarded-Host and -Proto (the public address) and throttles sign-ins
 * by X-Forwarded-For, which the gateway sets to the client address it determined through TRUST_PROXY
 * (never the client's own).
 */
export function identityProxy(identityUrl: string, publicUrl: string) {
  const publicAddress = new URL(publicUrl);
  return createProxyMiddleware({
    target: identityUrl,
    pathFilter: servedByIdentity,
    pathRewrite: (path: string) => (path === DISCOVERY ? `${OIDC_PATH}${DISCOVERY}` : path),
    // A OneRoster page of 10,000 users of a large académie is written in well under this.
    proxyTimeout: 60_000,
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
