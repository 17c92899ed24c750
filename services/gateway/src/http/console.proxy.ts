import { createProxyMiddleware } from 'http-proxy-middleware';

/** Paths the gateway answers itself; everything else is the web console's. */
const OWN_PATHS = /^\/(api|health|metrics|oidc|\.well-known)(\/|$)/;

/** Serves the console (a separate service, deployed on its own) at `/`, from behind the gateway. */
export function consoleProxy(target: string) {
  return createProxyMiddleware({
    target,
    pathFilter: (path: string, request) => !OWN_PATHS.test(path) && (request.method === 'GET' || request.method === 'HEAD'),
    // A console that is down gives a plain 502, not a hung page.
    proxyTimeout: 10_000,
    logger: undefined,
  });
}
