#!/usr/bin/env node
// Writes libs/contracts/asyncapi/sesame.asyncapi.json from the zod schemas of libs/contracts.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { asyncApiDocument } = createRequire(import.meta.url)(join(root, 'libs/contracts/dist/index.js'));
const target = join(root, 'libs/contracts/asyncapi/sesame.asyncapi.json');
writeFileSync(target, `${JSON.stringify(asyncApiDocument(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
