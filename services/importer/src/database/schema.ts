import type { ImportIssue, ImportStatus, NewClass } from '@sesame/contracts';
import type { OutboxTable } from '@sesame/outbox';
import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';
import type { ImportRow } from '../rows/row.rules';

type Json<T> = ColumnType<T, string, string>;

export interface ImportsTable {
  id: string;
  uploader_id: string;
  uploader_username: string;
  uploader_role: 'manager' | 'administrator';
  file_name: string;
  status: ImportStatus;
  phase: 'reading' | 'checking' | 'staging' | 'committing' | 'done';
  /** SHA-256 of the uploaded bytes: the same file uploaded again is recognised. */
  content_sha256: Buffer | null;
  byte_size: number | null;
  encoding: 'utf-8' | 'windows-1252' | null;
  bom: ColumnType<boolean, boolean | undefined, boolean>;
  delimiter: ',' | ';' | '\t' | null;
  line_ending: '\r\n' | '\n';
  /** The header cells as uploaded (for report.csv). */
  header: Json<string[]>;
  /** Problems with the file or the form itself (header, encoding, default school…). */
  file_errors: Json<ImportIssue[]>;
  administrator_id: string | null;
  default_school_id: string | null;
  default_school_uai: string | null;
  total_rows: number;
  valid_rows: number;
  error_count: number;
  /** Rows through the current phase. */
  progress_done: number;
  new_classes: Json<NewClass[]>;
  /** Every (school, class) the file names; school null: the upload's default school. */
  named_classes: Json<Array<{ school: string | null; name: string }>>;
  created_accounts: number | null;
  failure: Json<{ code: string; params?: Record<string, string | number> } | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  completed_at: Date | null;
  /** When the rows were deleted after the retention delay. */
  expired_at: Date | null;
}

export interface ImportRowsTable {
  import_id: string;
  line: number;
  /** The cells as uploaded, the password cell emptied (a JSON array, as text). */
  cells: string;
  /** The parsed row (ImportRow as JSON text). */
  row: string;
  username: string;
  external_id: string | null;
  school: string | null;
  role: ImportRow['role'];
  /** argon2id hash of the row's password; never the password. Cleared once the import is done. */
  password_hash: string | null;
  /** The password cell was filled (kept once the hash is cleared; migration 0003). */
  password_given: Generated<boolean>;
  /** Issues found while reading the file. */
  errors: Json<ImportIssue[] | null>;
  /** Issues found by the checks against the directory (replaced when the check runs again). */
  check_errors: Json<ImportIssue[] | null>;
}

export interface Database {
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  outbox: OutboxTable;
}

export type ImportRecord = Selectable<ImportsTable>;
export type Db = Kysely<Database>;
