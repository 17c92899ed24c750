import { ServiceFailure, invalidField } from '@sesame/contracts';
import { FileProblem } from '../csv/csv-text';
import { stopsTheUpload, uploadFailure, uploadIncomplete, uploadRefusal } from './upload.rules';

describe('how an upload that stops ends', () => {
  it('fails the upload on a file that cannot be read, and keeps an empty file as a finding of the report', () => {
    expect(stopsTheUpload(new FileProblem('file.unclosed_quote', 2, { line: 2 }))).toBe(true);
    expect(stopsTheUpload(new FileProblem('file.binary', 1, { line: 1 }))).toBe(true);
    expect(stopsTheUpload(new FileProblem('file.line_too_long', 1, { line: 1, maximum: 65_536 }))).toBe(true);
    expect(stopsTheUpload(new FileProblem('file.empty'))).toBe(false);
  });

  it('keeps a failed import with the reason and the line of a file problem', () => {
    expect(uploadFailure(new FileProblem('file.unclosed_quote', 2, { line: 2 }))).toEqual({
      failure: { code: 'file.unclosed_quote', params: { line: 2 } },
      issue: { line: 2, column: '', value: '', code: 'file.unclosed_quote', params: { line: 2 } },
    });
  });

  it('keeps a failed import when the file never arrived whole', () => {
    expect(uploadFailure(uploadIncomplete())).toEqual({
      failure: { code: 'file.incomplete' },
      issue: { line: 0, column: '', value: '', code: 'file.incomplete' },
    });
  });

  it('keeps nothing of a refused request', () => {
    expect(uploadFailure(new ServiceFailure('payload_too_large'))).toBeNull();
    expect(uploadFailure(invalidField('administratorId', 'managed_by.not_yourself'))).toBeNull();
    expect(uploadFailure(new Error('connection lost'))).toBeNull();
  });

  it('answers a file problem as an issue of the file field naming its line', () => {
    const answer = uploadRefusal(new FileProblem('file.line_too_long', 1, { line: 1, maximum: 65_536 }));
    expect(answer).toBeInstanceOf(ServiceFailure);
    expect((answer as ServiceFailure).toServiceError()).toEqual({
      code: 'validation_failed',
      issues: [{ field: 'file', code: 'file.line_too_long', params: { line: 1, maximum: 65_536 } }],
    });
    const other = new ServiceFailure('payload_too_large');
    expect(uploadRefusal(other)).toBe(other);
  });
});
