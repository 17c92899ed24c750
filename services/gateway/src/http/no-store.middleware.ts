import type { NextFunction, Request, Response } from 'express';

/**
 * Nothing the API answers may be kept by a browser or a proxy: its answers carry activation codes,
 * tokens, names and lists of pupils, and a shared computer in a school keeps what its browser
 * caches. Set before routing, so errors, streamed documents and reports carry it too.
 */
export function noStore(request: Request, response: Response, next: NextFunction): void {
  if (request.path.startsWith('/api/v1/')) response.setHeader('Cache-Control', 'no-store');
  next();
}
