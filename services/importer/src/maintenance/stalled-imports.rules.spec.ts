import { stalledEnd } from './stalled-imports.rules';

describe('how a stalled import ends', () => {
  it('fails an upload never read whole: upload again, its partial rows go', () => {
    expect(stalledEnd('validating', 'reading')).toEqual({
      failure: { code: 'file.incomplete' },
      issue: { line: 0, column: '', value: '', code: 'file.incomplete' },
      deleteRows: true,
    });
  });

  it('fails a check that never ended: upload again (an issue blocks confirming), the rows stay for the report', () => {
    expect(stalledEnd('validating', 'checking')).toEqual({
      failure: { code: 'check.stalled' },
      issue: { line: 0, column: '', value: '', code: 'check.stalled' },
      deleteRows: false,
    });
  });

  it('fails an import that never ended without an issue: confirming again completes it', () => {
    for (const phase of ['staging', 'committing'] as const) {
      expect(stalledEnd('importing', phase)).toEqual({ failure: { code: 'failure.stalled' }, issue: null, deleteRows: false });
    }
  });

  it('leaves settled imports alone', () => {
    for (const status of ['invalid', 'ready', 'done', 'failed'] as const) expect(stalledEnd(status, 'done')).toBeNull();
  });
});
