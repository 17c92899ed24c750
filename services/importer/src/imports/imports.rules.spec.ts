import { confirmRefusal } from './imports.rules';

describe('confirmRefusal', () => {
  it('confirms a ready import, and a failed one without errors again', () => {
    expect(confirmRefusal('ready', 0, false)).toBeNull();
    expect(confirmRefusal('failed', 0, false)).toBeNull();
  });

  it('refuses while errors remain, before the end of validation, twice, or once expired', () => {
    expect(confirmRefusal('invalid', 3, false)).toBe('import_has_errors');
    expect(confirmRefusal('failed', 2, false)).toBe('import_has_errors');
    expect(confirmRefusal('validating', 0, false)).toBe('import_not_ready');
    expect(confirmRefusal('importing', 0, false)).toBe('import_already_confirmed');
    expect(confirmRefusal('done', 0, false)).toBe('import_already_confirmed');
    expect(confirmRefusal('ready', 0, true)).toBe('import_expired');
  });
});
