import type { NextFunction, Request, Response } from 'express';

/** Paths that are never pages of the console. */
const NOT_PAGES = /^\/(health|metrics|assets|api)(\/|$)/;

/**
 * Headers of everything that is not a content-named asset: revalidated at every visit (a new
 * deployment shows at once), and pages whose address carries a secret (`/password/reset?token=`)
 * never leak it through the Referer header.
 */
export function pageHeaders(response: { setHeader(name: string, value: string): unknown }): void {
  response.setHeader('Cache-Control', 'no-cache');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader(
    'Content-Security-Policy',
    // MUI and recharts set inline styles; scripts come only from our own assets.
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  );
}

/**
 * Every other GET is a page of the single-page application (its router reads the path): letters,
 * emails and QR codes link to /activate, /password/forgot and /password/reset directly.
 */
export function singlePageFallback(index: string) {
  return (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_PAGES.test(request.path)) return next();
    pageHeaders(response);
    response.type('html');
    response.sendFile(index, (error) => {
      if (error) next(error);
    });
  };
}
