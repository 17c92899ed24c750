import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { migrateOnly } from '@sesame/database';
import { startMailmerge } from './app';
import { loadMailmergeConfig } from './config/mailmerge.config';
import { mailmergeMigrations } from './database/migrations';

// `main.js --migrate-only` migrates the database and exits: the Kubernetes init container (deploy/k8s).
const migrateOnlyMode = process.argv.includes('--migrate-only');

void runWithConfig(() => loadMailmergeConfig(), (config) =>
  migrateOnlyMode ? migrateOnly({ service: 'mailmerge', url: config.DATABASE_URL, migrations: mailmergeMigrations }) : startMailmerge(config),
);
