import { ServiceFailure } from '@sesame/contracts';
import type { NextFunction, Request, Response } from 'express';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
/** The routes that take files (multipart), streamed to the importer; they check the type themselves. */
const UPLOAD = /^\/api\/v1\/(imports|feeds)\/?$/;

/**
 * A body the API cannot read is refused with 415 instead of being silently ignored (and then
 * reported as missing fields).
 */
export function jsonOnly(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const type = request.headers['content-type'] ?? '';
  if (request.method === 'POST' && UPLOAD.test(request.path)) {
    next();
    return;
  }
  if (hasBody && request.path.startsWith('/api/') && !JSON_TYPE.test(type)) {
    next(new ServiceFailure('unsupported_media_type'));
    return;
  }
  next();
}
