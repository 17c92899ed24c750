import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { migrateOnly } from '@sesame/database';
import { startIdentity } from './app';
import { loadIdentityConfig } from './config/identity.config';
import { identityMigrations } from './database/migrations';

// `main.js --migrate-only` migrates the database and exits: the Kubernetes init container (deploy/k8s).
const migrateOnlyMode = process.argv.includes('--migrate-only');

void runWithConfig(() => loadIdentityConfig(), (config) =>
  migrateOnlyMode ? migrateOnly({ service: 'identity', url: config.DATABASE_URL, migrations: identityMigrations }) : startIdentity(config),
);
