import { z } from 'zod';
import { defineRpc } from '../rpc';
import { nameText } from '../text';
import { ProfileSchema } from './accounts.schema';
import { UaiSchema } from './schools.schema';

/*
 * What the importer asks identity on behalf of the person importing, with the delegation identity
 * signed for that one import (see IdentityDelegationRpc): identity resolves that person from its own
 * data and checks every row against their rights again (SPEC §2).
 */

const uai = UaiSchema;
const className = nameText(50, 1);

/** Checks of a validation against the directory (read only), in batches. */
export const ImportCheckSchema = z.object({
  /** The upload being checked: required with a delegation, which is valid for that upload only. */
  importId: z.uuid().optional(),
  usernames: z.array(z.string().max(400)).max(10_000).default([]),
  externalIds: z.array(z.string().max(100)).max(10_000).default([]),
  uais: z.array(uai).max(1_000).default([]),
  /** The upload's default school, when one was chosen. */
  schoolIds: z.array(z.uuid()).max(10).default([]),
  classes: z.array(z.object({ uai, name: className })).max(10_000).default([]),
  /** The administrator a manager chose for the imported supervisors. */
  administratorId: z.uuid().optional(),
});
export type ImportCheck = z.infer<typeof ImportCheckSchema>;

export const ImportCheckResultSchema = z.object({
  takenUsernames: z.array(z.string()),
  /** Usernames asked that look like a login in use (same UTS #39 skeleton), which one is not said. */
  lookalikeUsernames: z.array(z.string()).default([]),
  takenExternalIds: z.array(z.string()),
  /** The schools that exist among those asked, and whether the caller may import into each. */
  schools: z.array(z.object({ id: z.uuid(), uai: z.string(), inScope: z.boolean() })),
  /** The classes asked that already exist. */
  existingClasses: z.array(z.object({ uai: z.string(), name: z.string() })),
  /** Null when no administrator was asked about. */
  administratorActive: z.boolean().nullable(),
});
export type ImportCheckResult = z.infer<typeof ImportCheckResultSchema>;

/** A validated row, as the importer hands it over: never a plaintext password, only its argon2id hash. */
export const StagedAccountSchema = z.object({
  line: z.number().int().min(2),
  username: z.string().min(1).max(400),
  firstName: nameText(100).nullable(),
  lastName: nameText(100).nullable(),
  displayName: nameText(100).nullable(),
  email: z.string().max(320).nullable(),
  role: z.enum(['administrator', 'supervisor', 'member']),
  profile: ProfileSchema.nullable(),
  passwordHash: z
    .string()
    .regex(/^\$argon2id\$/, 'argon2id hash expected')
    .max(200)
    .nullable(),
  school: uai.nullable(),
  classes: z.array(className).max(30),
  externalId: z.string().trim().min(1).max(100).nullable(),
});
export type StagedAccount = z.infer<typeof StagedAccountSchema>;

export const StageImportSchema = z.object({
  importId: z.uuid(),
  /** Supervisors' administrator: chosen by the manager; an administrator importing is assigned. */
  administratorId: z.uuid().nullable(),
  rows: z.array(StagedAccountSchema).min(1).max(10_000),
});
export type StageImport = z.infer<typeof StageImportSchema>;

export const StageResultSchema = z.object({
  staged: z.number().int(),
  /** The import was committed already (a retry after a crash): nothing was staged. */
  committed: z.boolean(),
});

export const CommitImportSchema = z.object({
  importId: z.uuid(),
  /** How many rows the importer staged: a commit with fewer staged rows is refused. */
  rows: z.number().int().min(1),
});

export const CommitResultSchema = z.discriminatedUnion('committed', [
  z.object({
    committed: z.literal(true),
    created: z.number().int(),
    newClasses: z.array(z.object({ school: z.string(), name: z.string() })),
    committedAt: z.iso.datetime({ offset: true }),
  }),
  z.object({
    committed: z.literal(false),
    /** Rows that collide with accounts created since the validation: nothing was written. */
    conflicts: z.array(
      z.object({
        line: z.number().int(),
        column: z.enum(['userName', 'externalId']),
        value: z.string(),
        /** `lookalike`: the username looks like a login in use, or like an earlier row's. */
        reason: z.enum(['taken', 'lookalike']).default('taken'),
      }),
    ),
  }),
]);
export type CommitResult = z.infer<typeof CommitResultSchema>;

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
/** Import commands and checks answered by identity on QUEUES.identityRpc. */
export const IdentityImportRpc = {
  check: defineRpc('identity.imports.check', ImportCheckSchema, ImportCheckResultSchema),
  /** Idempotent by (importId, line): a retried chunk replaces itself. */
  stage: defineRpc('identity.imports.stage', StageImportSchema, StageResultSchema),
  /** Creates every staged account in one transaction; committing again answers the first result. */
  commit: defineRpc('identity.imports.commit', CommitImportSchema, CommitResultSchema),
} as const;
