import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { migrateOnly } from '@sesame/database';
import { startImporter } from './app';
import { loadImporterConfig } from './config/importer.config';
import { importerMigrations } from './database/migrations';

// `main.js --migrate-only` migrates the database and exits: the Kubernetes init container (deploy/k8s).
const migrateOnlyMode = process.argv.includes('--migrate-only');

void runWithConfig(() => loadImporterConfig(), (config) =>
  migrateOnlyMode ? migrateOnly({ service: 'importer', url: config.DATABASE_URL, migrations: importerMigrations }) : startImporter(config),
);
