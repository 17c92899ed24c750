import { z } from 'zod';

/**
 * Every error a service can answer, with the HTTP status the gateway gives it.
 * The gateway turns each into application/problem+json with a French or English message.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_activation: 401,
  activation_code_expired: 410,
  invalid_reset_token: 400,
  forbidden: 403,
  account_deactivated: 403,
  not_found: 404,
  username_taken: 409,
  /** Looks like an existing login (same UTS #39 skeleton); which one is not said. */
  username_lookalike: 409,
  manager_exists: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** One precise problem with one input field; `code` is a stable key the clients translate. */
export const FieldIssueSchema = z.object({
  field: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

export const ServiceErrorSchema = z.object({
  code: ErrorCodeSchema,
  issues: z.array(FieldIssueSchema).optional(),
  /** Parameters of the message (e.g. the username that is taken); never a secret. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ServiceError = z.infer<typeof ServiceErrorSchema>;

/**
 * A refusal a service answers on purpose (not a crash). Thrown inside services, caught once at the
 * message edge and sent back as `{ ok: false, error }`.
 */
export class ServiceFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: { issues?: FieldIssue[]; params?: ServiceError['params'] } = {},
  ) {
    super(code);
    this.name = 'ServiceFailure';
  }

  toServiceError(): ServiceError {
    return { code: this.code, ...this.details };
  }
}

/** Shorthand for the most common refusal: one field, one rule. */
export function invalidField(field: string, code: string, params?: FieldIssue['params']): ServiceFailure {
  return new ServiceFailure('validation_failed', { issues: [{ field, code, ...(params ? { params } : {}) }] });
}

/** Turns zod's issues into the field issues of the error contract (`code` is zod's issue code). */
export function fieldIssuesFromZod(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const params: Record<string, string | number> = {};
    const raw = issue as unknown as Record<string, unknown>;
    for (const key of ['minimum', 'maximum', 'expected', 'format'] as const) {
      const value = raw[key];
      if (typeof value === 'number' || typeof value === 'string') params[key] = value;
      if (typeof value === 'bigint') params[key] = Number(value);
    }
    if (Array.isArray(raw.values)) params.values = raw.values.join(', ');
    if (Array.isArray(raw.keys)) params.keys = raw.keys.join(', ');
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // A refinement names its rule (e.g. name.control_character) in its params.
    const rule = issue.code === 'custom' && typeof (raw.params as { code?: unknown } | undefined)?.code === 'string' ? (raw.params as { code: string }).code : undefined;
    return { field: path || '(body)', code: rule ?? issue.code, ...(Object.keys(params).length ? { params } : {}) };
  });
}
