/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) is prefixed with an apostrophe, which spreadsheets show as text (OWASP, CSV injection).
 * For every CSV Sesame writes: report.csv, the export of a selection (SPEC §5).
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
