import { ServiceFailure } from '@sesame/contracts';

/**
 * How a refusal from identity ends a job. Refusals that no retry can change end it at once with a
 * reason for the report; anything else (identity or the broker unreachable, a crash) is retried by
 * BullMQ, and becomes `failure.unavailable` after the last attempt.
 */
export function permanentFailure(error: unknown): string | null {
  if (!(error instanceof ServiceFailure)) return null;
  switch (error.code) {
    case 'unauthenticated':
      return 'failure.session_expired';
    case 'forbidden':
    case 'validation_failed':
    case 'not_found':
      return 'failure.refused';
    default:
      return null;
  }
}
