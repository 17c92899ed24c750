import { z } from 'zod';
import { ProfileSchema, RoleSchema } from '../identity/accounts.schema';

/*
 * CSV imports (SPEC §5): what the importer answers about an upload, from the validation report to
 * the end of the import.
 */

export const IMPORT_STATUSES = ['validating', 'invalid', 'ready', 'importing', 'done', 'failed'] as const;
export const ImportStatusSchema = z.enum(IMPORT_STATUSES);
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

// WARNING: the exact headers of a Collaborate CSV, in their required order; files depend on them.
/** The columns every file starts with (Collaborate's, in this order). */
export const STAFF_COLUMNS = ['userName', 'firstName', 'lastName', 'displayName', 'password', 'email', 'role'] as const;
/** Columns that may follow, in this order, each at most once. */
export const MEMBER_COLUMNS = ['profile', 'school', 'classes', 'externalId'] as const;
export const IMPORT_COLUMNS = [...STAFF_COLUMNS, ...MEMBER_COLUMNS] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

const params = z.record(z.string(), z.union([z.string(), z.number()]));

/**
 * One problem found in an upload. `line` is the row number a spreadsheet shows (the header is
 * line 1; 0 is the upload form itself); `column` is the header name ('' for the whole row or file);
 * `code` is a stable key translated at the edge with its `params`. A password is never a `value`.
 */
export const ImportIssueSchema = z.object({
  line: z.number().int().min(0),
  column: z.string(),
  value: z.string(),
  code: z.string(),
  params: params.optional(),
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

export const IMPORT_PHASES = ['reading', 'checking', 'staging', 'committing', 'done'] as const;
export const ImportProgressSchema = z.object({
  phase: z.enum(IMPORT_PHASES),
  /** Rows through the current phase, out of `total`. */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Of the current phase, 0–100. */
  percent: z.number().min(0).max(100),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

/** A valid row as it will be created, so accents and columns can be checked before confirming. */
export const ImportPreviewRowSchema = z.object({
  line: z.number().int(),
  userName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  role: RoleSchema,
  profile: ProfileSchema.nullable(),
  school: z.string().nullable(),
  classes: z.array(z.string()),
  externalId: z.string().nullable(),
  hasPassword: z.boolean(),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRowSchema>;

export const NewClassSchema = z.object({ school: z.string(), name: z.string() });
export type NewClass = z.infer<typeof NewClassSchema>;

const isoDateTime = z.iso.datetime({ offset: true });
const person = z.object({ id: z.uuid(), username: z.string() });

/** One line of the history (`GET /imports`). */
export const ImportSummarySchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  status: ImportStatusSchema,
  uploadedBy: person,
  createdAt: isoDateTime,
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorCount: z.number().int(),
  /** Accounts created by the import, once done. */
  createdAccounts: z.number().int().nullable(),
  completedAt: isoDateTime.nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/** The validation report and the progress of one import (`GET /imports/:id`). */
export const ImportReportSchema = ImportSummarySchema.extend({
  encoding: z.enum(['utf-8', 'windows-1252']).nullable(),
  bom: z.boolean(),
  delimiter: z.enum([',', ';', '\t']).nullable(),
  /** The first errors in line order (all of them are in report.csv). */
  errors: z.array(ImportIssueSchema),
  /** Errors not listed in `errors`. */
  moreErrors: z.number().int(),
  progress: ImportProgressSchema,
  preview: z.array(ImportPreviewRowSchema),
  /** Classes named in the file that do not exist yet in their school: created by the import. */
  newClasses: z.array(NewClassSchema),
  /** The same file (same bytes) was already imported. */
  alreadyImported: z.object({ id: z.uuid(), at: isoDateTime }).nullable(),
  /** Why a confirmed import stopped, when it did. */
  failure: z.object({ code: z.string(), params: params.optional() }).nullable(),
  /** The rows were deleted after the retention delay: only the history remains. */
  expired: z.boolean(),
  administratorId: z.uuid().nullable(),
  schoolId: z.uuid().nullable(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ListImportsSchema = z.object({
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export const ImportPageSchema = z.object({ total: z.number().int(), items: z.array(ImportSummarySchema) });
export type ImportPage = z.infer<typeof ImportPageSchema>;
export const ImportIdSchema = z.object({ id: z.uuid() });
