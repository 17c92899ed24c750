import { ServiceFailure } from '@sesame/contracts';

/** Why a job queued by an older version (carrying a token, not a delegation) ends unrun. */
export const OUTDATED_JOB = 'failure.outdated_job';

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
