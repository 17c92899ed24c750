import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ERROR_STATUS, ErrorCode, ServiceFailure } from '@sesame/contracts';
import type { Request, Response } from 'express';
import { localeOf } from './locale';
import { conflictDetail, fieldMessage, titleOf } from './messages';

/** Nest's own HTTP errors (unknown route, wrong method, body-parser) as error codes. */
function codeOfHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
    case 405:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'service_unavailable';
    default:
      return 'internal';
  }
}

/** body-parser reports its refusals with a `type` and a `status`, outside of Nest's exceptions. */
function bodyParserFailure(error: unknown): ServiceFailure | undefined {
  const e = error as { type?: string; status?: number };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return undefined;
  if (e.type === 'entity.too.large') return new ServiceFailure('payload_too_large');
  if (e.type === 'entity.parse.failed') {
    return new ServiceFailure('validation_failed', { issues: [{ field: '(body)', code: 'body.malformed' }] });
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return new ServiceFailure('unsupported_media_type');
  return new ServiceFailure(codeOfHttpStatus(e.status));
}

export function toFailure(error: unknown): ServiceFailure | undefined {
  if (error instanceof ServiceFailure) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest's own 400s come from body parsing only: every other input goes through ZodPipe.
    if (status === 400) return new ServiceFailure('validation_failed', { issues: [{ field: '(body)', code: 'body.malformed' }] });
    return bodyParserFailure(error.cause) ?? new ServiceFailure(codeOfHttpStatus(status));
  }
  return bodyParserFailure(error);
}

/**
 * Every error leaves as application/problem+json (RFC 9457) in the caller's language, with the
 * fields at fault for validation. Nothing else escapes: no stack, no internal message.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const failure = toFailure(error);
    if (!failure) this.logger.error({ err: error, requestId: request.id }, 'Unhandled error');
    const { code, details } = failure ?? new ServiceFailure('internal');
    const status = ERROR_STATUS[code];
    const locale = localeOf(request.headers['accept-language']);
    const params = details.params ?? {};
    const reason = code === 'conflict' ? conflictDetail(params.reason, locale, params) : undefined;

    if (code === 'rate_limited' && params.retryAfter !== undefined) response.setHeader('Retry-After', String(params.retryAfter));
    if (code === 'unauthenticated') response.setHeader('WWW-Authenticate', 'Bearer');
    response
      .status(status)
      .type('application/problem+json')
      .setHeader('Content-Language', locale)
      .send({
        type: `urn:sesame:problem:${code.replace(/_/g, '-')}`,
        title: titleOf(code, locale, params),
        status,
        code,
        ...(reason ? { detail: reason } : {}),
        ...(details.issues?.length
          ? {
              detail: details.issues.map((issue) => fieldMessage(issue, locale)).join(' '),
              errors: details.issues.map((issue) => ({
                field: issue.field,
                code: issue.code,
                message: fieldMessage(issue, locale),
              })),
            }
          : {}),
        instance: request.originalUrl?.split('?')[0],
        requestId: request.id,
      });
  }
}
