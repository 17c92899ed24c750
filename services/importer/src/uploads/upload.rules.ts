import { ImportIssue, ServiceFailure, invalidField } from '@sesame/contracts';
import { FileProblem } from '../csv/csv-text';

/** Why an upload stopped, as the import keeps it (`failure`) and lists it (`errors`). */
export interface UploadFailure {
  failure: { code: string; params?: Record<string, string | number> };
  issue: ImportIssue;
}

/**
 * A problem found once the whole file is read is one finding of the report (the import is
 * `invalid`); every other problem with the file stops the reading where it is found.
 */
export function stopsTheUpload(problem: FileProblem): boolean {
  return problem.code !== 'file.empty';
}

/** The upload cut short by the client (or by the janitor, when nothing arrived for too long). */
export function uploadIncomplete(): ServiceFailure {
  return invalidField('file', 'file.incomplete');
}

/**
 * How an upload that stops ends: a file that cannot be read, or one that never arrived whole, stays
 * in the history as `failed` with its reason (null: the request itself was refused — too large, a
 * wrong form field, an outage — and nothing of it is kept).
 */
export function uploadFailure(error: unknown): UploadFailure | null {
  if (error instanceof FileProblem) {
    const params = Object.keys(error.params).length ? error.params : undefined;
    return {
      failure: { code: error.code, ...(params ? { params } : {}) },
      issue: { line: error.line, column: '', value: '', code: error.code, ...(params ? { params } : {}) },
    };
  }
  if (error instanceof ServiceFailure && error.details.issues?.some((issue) => issue.code === 'file.incomplete')) {
    return { failure: { code: 'file.incomplete' }, issue: { line: 0, column: '', value: '', code: 'file.incomplete' } };
  }
  return null;
}

/** What the uploader is answered: a file problem names its line and reason on the `file` field. */
export function uploadRefusal(error: unknown): unknown {
  if (error instanceof FileProblem) return invalidField('file', error.code, { line: error.line, ...error.params });
  return error;
}
