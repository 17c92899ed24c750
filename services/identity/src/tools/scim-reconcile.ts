/*
 * Compares a downstream SCIM target with Sesame and repairs the drift, then prints what it did:
 *   npm run scim:reconcile -- --target <target id>
 *   kubectl exec deploy/sesame-identity -- node services/identity/dist/tools/scim-reconcile.js --target <id>
 * It runs with identity's configuration (its environment), as one more identity instance for the
 * time of the run, and waits for the end (the console and the API start the same work in the background).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { runWithConfig } from '@sesame/config';
import { AppModule } from '../app.module';
import { loadIdentityConfig } from '../config/identity.config';
import { ScimTargetsRepository } from '../scim-push/scim-targets.repository';
import { ScimTargetsService } from '../scim-push/scim-targets.service';

const { values } = parseArgs({ options: { target: { type: 'string' } } });

void runWithConfig(
  () => loadIdentityConfig(),
  async (config) => {
    if (!values.target) throw new Error('Say which target: --target <id> (its id is in the console and in GET /api/v1/scim-targets).');
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, LOG_LEVEL: 'warn' }), { logger: ['error', 'warn'] });
    try {
      const repository = app.get(ScimTargetsRepository);
      const target = await repository.find(values.target);
      if (!target) throw new Error(`No SCIM target has the id ${values.target}.`);
      if (!(await repository.startReconcile(target.id))) throw new Error('A reconciliation of this target is already running; wait until it ends.');
      const result = await app.get(ScimTargetsService).reconcile(target);
      process.stdout.write(`${target.name} (${target.url}): ${Object.entries(result).map(([outcome, count]) => `${count} ${outcome}`).join(', ')}\n`);
      if (result.failed > 0) process.exitCode = 1;
    } finally {
      await app.close();
    }
  },
);
