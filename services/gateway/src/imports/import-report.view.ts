import type { Locale } from '@sesame/account-rules';
import { ImportIssueSchema, ImportReport, ImportReportSchema } from '@sesame/contracts';
import { z } from 'zod';
import { importIssueMessage } from '../problems/messages';

/** The report as the API answers it: every problem also as a sentence in the caller's language. */
export const ImportReportViewSchema = ImportReportSchema.extend({
  errors: z.array(ImportIssueSchema.extend({ message: z.string() })),
  failure: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional(), message: z.string() }).nullable(),
});
export type ImportReportView = z.infer<typeof ImportReportViewSchema>;

export function importReportView(report: ImportReport, locale: Locale): ImportReportView {
  return {
    ...report,
    errors: report.errors.map((issue) => ({ ...issue, message: importIssueMessage(issue, locale) })),
    failure: report.failure
      ? { ...report.failure, message: importIssueMessage({ line: 0, column: '', value: '', ...report.failure }, locale) }
      : null,
  };
}
