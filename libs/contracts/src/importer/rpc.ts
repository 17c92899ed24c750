import { defineRpc } from '../rpc';
import { ImportIdSchema, ImportPageSchema, ImportReportSchema, ListImportsSchema } from './imports.schema';

// WARNING: patterns are the wire names of the importer's RPC queue; rename only with a migration plan.
/** Calls answered by the importer on QUEUES.importerRpc (uploads and report.csv go over HTTP). */
export const ImporterRpc = {
  listImports: defineRpc('importer.imports.list', ListImportsSchema, ImportPageSchema),
  getImport: defineRpc('importer.imports.get', ImportIdSchema, ImportReportSchema),
  confirmImport: defineRpc('importer.imports.confirm', ImportIdSchema, ImportReportSchema),
} as const;

/**
 * The importer's internal HTTP routes (bytes do not travel over RabbitMQ): the gateway streams the
 * multipart upload to the first and the report from the second, forwarding the caller's token.
 */
export const IMPORTER_HTTP = {
  upload: '/internal/imports',
  /** A feed's files (issue 15): multipart, fields `kind`, `uai` and one or more `files`. */
  feedUpload: '/internal/feeds',
  reportCsv: (id: string) => `/internal/imports/${id}/report.csv`,
} as const;
