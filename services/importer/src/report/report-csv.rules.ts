import { RULE_MESSAGES, interpolate, neutralizeCell, type Locale } from '@sesame/account-rules';
import { IMPORT_MESSAGES, ImportIssue, REPORT_ERROR_COLUMN, importIssueParams } from '@sesame/contracts';

/** An issue in words: the same catalogues, looked up in the same order, as the gateway's JSON report. */
export function issueMessage(issue: ImportIssue, locale: Locale): string {
  const rules = RULE_MESSAGES[locale] as Record<string, string>;
  const imports = IMPORT_MESSAGES[locale] as Record<string, string>;
  return interpolate(rules[issue.code] ?? imports[issue.code] ?? issue.code, importIssueParams(issue));
}

/** The error cell of a row: each issue as `column : sentence`, one after the other. */
export function errorCell(issues: readonly ImportIssue[], locale: Locale): string {
  const colon = locale === 'fr' ? ' : ' : ': ';
  return issues.map((issue) => (issue.column ? `${issue.column}${colon}` : '') + issueMessage(issue, locale)).join(' ');
}

/** The report's header: the file's own, then the error column (which also carries the file's own problems). */
export function reportHeader(header: readonly string[], fileIssues: readonly ImportIssue[], locale: Locale): string[] {
  const title = REPORT_ERROR_COLUMN[locale];
  const colon = locale === 'fr' ? ' : ' : ': ';
  return [...header, fileIssues.length ? `${title}${colon}${errorCell(fileIssues, locale)}` : title].map(neutralizeCell);
}

/** One row of the report: the original cells (padded to the header), then its errors. */
export function reportRecord(cells: readonly string[], width: number, issues: readonly ImportIssue[], locale: Locale): string[] {
  const padded = cells.length >= width ? [...cells] : [...cells, ...Array<string>(width - cells.length).fill('')];
  return [...padded, errorCell(issues, locale)].map(neutralizeCell);
}

/**
 * A row's issues in report.csv: those found, then, when its password cell was filled, the request to
 * type it again (the report never copies a password, and a row loaded again without it would lose it).
 */
export function reportRowIssues(row: { line: number; issues: readonly ImportIssue[]; passwordGiven: boolean }): ImportIssue[] {
  if (!row.passwordGiven) return [...row.issues];
  return [...row.issues, { line: row.line, column: 'password', value: '', code: 'report.retype_password' }];
}
