import { confirmBlock, importProgress, importState, onlyTheFormIsWrong } from './import-state';

const report = (over: object = {}) => ({
  status: 'ready' as const,
  errorCount: 0,
  validRows: 3,
  createdAccounts: null,
  expired: false,
  progress: { phase: 'done' as const, done: 3, total: 3, percent: 100 },
  ...over,
});

describe('importState: where an import stands', () => {
  it.each([
    [{ status: 'validating' }, 'validating', {}],
    [{ status: 'invalid', errorCount: 2, validRows: 1 }, 'invalid', { smart_count: 2 }],
    [{}, 'ready', { smart_count: 3 }],
    [{ expired: true }, 'expired', {}],
    [{ status: 'importing' }, 'importing', { smart_count: 3 }],
    [{ status: 'done', createdAccounts: 3 }, 'done', { smart_count: 3 }],
    [{ status: 'failed' }, 'failed', {}],
  ])('%o → %s', (over, key, args) => {
    expect(importState(report(over))).toEqual({ key, args });
  });
});

describe('importProgress: the bar while checking or importing', () => {
  it('measures the phases that have a total, not reading nor the final transaction', () => {
    expect(importProgress(report({ status: 'validating', progress: { phase: 'checking', done: 50, total: 200, percent: 25 } }))).toEqual({
      determinate: true,
      percent: 25,
      phase: { key: 'checking', args: { done: 50, total: 200, smart_count: 200 } },
    });
    expect(importProgress(report({ status: 'validating', progress: { phase: 'reading', done: 5000, total: 0, percent: 0 } }))?.determinate).toBe(false);
    expect(importProgress(report({ status: 'importing', progress: { phase: 'committing', done: 0, total: 3, percent: 0 } }))?.determinate).toBe(false);
  });

  it('has none once settled', () => {
    expect(importProgress(report())).toBeNull();
    expect(importProgress(report({ status: 'done' }))).toBeNull();
  });
});

describe('confirmBlock: why confirm is disabled (the importer’s rule)', () => {
  it.each([
    [{}, null],
    [{ status: 'failed' }, null],
    [{ status: 'invalid', errorCount: 1 }, 'errors'],
    [{ status: 'failed', errorCount: 4 }, 'errors'],
    [{ status: 'validating' }, 'validating'],
    [{ status: 'importing' }, 'confirmed'],
    [{ status: 'done' }, 'confirmed'],
    [{ expired: true }, 'expired'],
  ])('%o → %s', (over, reason) => {
    expect(confirmBlock(report(over))).toBe(reason);
  });
});

describe('onlyTheFormIsWrong: supervisors without their administrator, and nothing else', () => {
  const invalid = (errors: Array<{ code: string }>, errorCount = errors.length) => report({ status: 'invalid', errorCount, errors });
  it('sends back to the form, not to the spreadsheet, when every error is the missing administrator', () => {
    const formOnly = invalid([{ code: 'managed_by.required' }, { code: 'managed_by.required' }]);
    expect(onlyTheFormIsWrong(formOnly)).toBe(true);
    expect(importState(formOnly)).toEqual({ key: 'invalidForm', args: {} });
    expect(confirmBlock(formOnly)).toBe('form');
  });

  it('keeps the spreadsheet’s errors first when there are others, listed or not', () => {
    expect(onlyTheFormIsWrong(invalid([{ code: 'managed_by.required' }, { code: 'email.invalid' }]))).toBe(false);
    expect(onlyTheFormIsWrong(invalid([{ code: 'managed_by.required' }], 250))).toBe(false);
    expect(confirmBlock(invalid([{ code: 'email.invalid' }]))).toBe('errors');
  });
});
