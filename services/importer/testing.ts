/*
 * The one door through which system tests (test/) reach the importer. Not part of the build:
 * production code never imports it.
 */
export { startImporter } from './src/app';
export { ImporterConfigSchema, loadImporterConfig } from './src/config/importer.config';
export type { Database } from './src/database/schema';
export type { ImportRow } from './src/rows/row.rules';
export { ImportsRepository } from './src/records/imports.repository';
export { MaintenanceProcessor } from './src/maintenance/maintenance.processor';
