import type { ImportReport } from '@sesame/contracts/src/importer/imports.schema';

/** A sentence of the catalogue (`sesame.imports.…`) and what fills it in. */
export interface Sentence {
  key: string;
  args: Record<string, string | number>;
}

type Report = Pick<ImportReport, 'status' | 'errorCount' | 'validRows' | 'createdAccounts' | 'expired' | 'progress'> & {
  errors?: ReadonlyArray<{ code: string }>;
};

/**
 * Every error is the form's (supervisors without their administrator, SPEC §5): the file itself is
 * right, and the way on is the form, not the spreadsheet.
 */
export function onlyTheFormIsWrong(report: Pick<Report, 'status' | 'errorCount' | 'errors'>): boolean {
  const errors = report.errors ?? [];
  return report.status === 'invalid' && errors.length > 0 && errors.length === report.errorCount && errors.every((issue) => issue.code === 'managed_by.required');
}

/** Where an import stands, in one sentence (`sesame.imports.state.<key>`). */
export function importState(report: Report): Sentence {
  switch (report.status) {
    case 'validating':
      return { key: 'validating', args: {} };
    case 'invalid':
      return onlyTheFormIsWrong(report) ? { key: 'invalidForm', args: {} } : { key: 'invalid', args: { smart_count: report.errorCount } };
    case 'ready':
      return report.expired ? { key: 'expired', args: {} } : { key: 'ready', args: { smart_count: report.validRows } };
    case 'importing':
      return { key: 'importing', args: { smart_count: report.validRows } };
    case 'done':
      return { key: 'done', args: { smart_count: report.createdAccounts ?? report.validRows } };
    default:
      return { key: 'failed', args: {} };
  }
}

/** The bar of a running check or import, with the sentence of its phase (`sesame.imports.phase.<key>`). */
export function importProgress(report: Report): { determinate: boolean; percent: number; phase: Sentence } | null {
  if (report.status !== 'validating' && report.status !== 'importing') return null;
  const { phase, done, total, percent } = report.progress;
  // Reading has no total yet, committing is one transaction: neither can say how far it is.
  const determinate = phase === 'checking' || phase === 'staging';
  return { determinate, percent: determinate ? Math.round(percent) : 0, phase: { key: phase, args: { done, total, smart_count: total } } };
}

/**
 * Why "Confirm the import" cannot be pressed (`sesame.imports.blocked.<key>`), or null when it can:
 * the importer's own rule (confirm is refused while errors remain).
 */
export function confirmBlock(report: Pick<Report, 'status' | 'errorCount' | 'expired' | 'errors'>): string | null {
  if (report.expired) return 'expired';
  if (report.status === 'validating') return 'validating';
  if (report.status === 'importing' || report.status === 'done') return 'confirmed';
  if (onlyTheFormIsWrong(report)) return 'form';
  if (report.status === 'invalid' || report.errorCount > 0) return 'errors';
  return null;
}

/** An import still moving: its page asks for news until it has settled. */
export const importIsActive = (report: Pick<ImportReport, 'status'> | undefined) => report?.status === 'validating' || report?.status === 'importing';
