import { readFileSync } from 'node:fs';
import { describeConfig } from '@sesame/config';
import { z } from 'zod';
import { ROOT, serviceSchemas } from './rules';

// eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is not a package: the test runs the operators' script as shipped.
const { renderTables, withTables, DOCUMENT } = require('../../scripts/config-docs.cjs');

describe('docs/operations.md, "Configure"', () => {
  const schemas = serviceSchemas();
  const document: string = readFileSync(DOCUMENT, 'utf8');

  it('lists every variable of every service as its schema declares it (else: npm run docs:config)', () => {
    expect(withTables(document, renderTables(schemas, describeConfig))).toBe(document);
  });

  it('would change when a schema gains a variable, naming it with its default and meaning', () => {
    const grown = schemas.map((s) =>
      s.service === 'importer'
        ? { ...s, schema: s.schema.extend({ IMPORT_SOMETHING_NEW: z.coerce.number().default(7).meta({ description: 'Something new' }) }) }
        : s,
    );
    const updated = withTables(document, renderTables(grown, describeConfig));
    expect(updated).not.toBe(document);
    expect(updated).toContain('| `IMPORT_SOMETHING_NEW` | `7` | Something new |');
  });

  it('never shows a secret default, and marks secrets and required variables', () => {
    const tables = renderTables(schemas, describeConfig);
    expect(tables).toContain('| `JWT_PRIVATE_KEY` | **required** | PEM Ed25519 private key that signs access tokens **Secret.** |');
    expect(tables).toContain('| `DATABASE_URL` | (not shown: secret) |');
    expect(tables).not.toContain('postgres://postgres@');
  });

  it('reads the same on every machine: defaults that depend on it are described, not printed', () => {
    const tables = renderTables(schemas, describeConfig);
    expect(tables).not.toContain(ROOT);
    expect(tables).toContain('| `CONSOLE_WEB_DIR` | `<root>/services/console/dist/web` |');
    expect(tables).toContain('| `IMPORT_HASH_THREADS` | one per core |');
  });
});
