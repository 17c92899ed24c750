import { MEMBER_COLUMNS, STAFF_COLUMNS } from '@sesame/contracts/src/importer/imports.schema';

/*
 * The CSV templates offered on the import page, one per kind of file the form speaks of: staff
 * (supervisors and administrators: Collaborate's seven columns) and members (the same, then the
 * member columns). The header is the importer's own list, so a template is always accepted.
 *
 * No sample row: a sample left in by mistake would create an account at the import (its login
 * taken, its letter printed). The page and the guide say what goes in each column.
 */

export type TemplateKind = 'members' | 'staff';

/** The columns of a template, in the importer's order. */
export function templateColumns(kind: TemplateKind): string[] {
  return kind === 'staff' ? [...STAFF_COLUMNS] : [...STAFF_COLUMNS, ...MEMBER_COLUMNS];
}

/**
 * The file: a byte order mark (French Excel then reads accents typed into it as UTF-8), the header
 * separated by `;` (French Excel's separator, which the importer reads), a Windows line break.
 */
export function templateCsv(kind: TemplateKind): string {
  return `\ufeff${templateColumns(kind).join(';')}\r\n`;
}

export function templateFileName(kind: TemplateKind, locale: string): string {
  if (locale === 'en') return kind === 'staff' ? 'template-staff.csv' : 'template-members.csv';
  return kind === 'staff' ? 'modele-personnels.csv' : 'modele-usagers.csv';
}

/** Saves the template as a download, made in the browser (nothing to ask the server). */
export function downloadTemplate(kind: TemplateKind, locale: string): void {
  const url = URL.createObjectURL(new Blob([templateCsv(kind)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = templateFileName(kind, locale);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
