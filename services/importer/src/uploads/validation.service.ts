import { Injectable, Logger } from '@nestjs/common';
import { IdentityImportRpc, ImportCheckResult, ImportIssue, NewClass } from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { IdentityClient } from '../identity/identity.clients';
import { CheckedFields, ImportsRepository } from '../records/imports.repository';

const UAI = /^\d{7}[A-Z]$/;
/** Rows per check sent to identity. */
const CHECK_ROWS = 10_000;

type School = ImportCheckResult['schools'][number];

/**
 * The checks of an upload against the directory (SPEC §5), as a job after the upload: usernames and
 * external ids already taken, schools that exist and are in the uploader's scope, the supervisors'
 * administrator, and which classes are new. Runs again from the start when retried.
 */
@Injectable()
export class ValidationService {
  private readonly logger = new Logger(ValidationService.name);

  constructor(
    private readonly imports: ImportsRepository,
    private readonly identity: IdentityClient,
  ) {}

  /** `delegation`: identity's, for checking this upload only (see DelegationsService). */
  async validate(importId: string, delegation: string): Promise<void> {
    const record = await this.imports.find(importId);
    if (!record || record.status !== 'validating') return;
    const context: CallContext = { delegation, requestId: importId };
    await this.imports.clearCheckErrors(importId);
    await this.imports.setProgress(importId, 'checking', 0);

    const fileIssues: ImportIssue[] = [];
    const supervisorsNeedChoice = record.uploader_role === 'manager' && (await this.imports.hasSupervisors(importId));
    const directory = await this.identity.call(
      IdentityImportRpc.check,
      {
        importId,
        // Malformed codes were reported while reading; identity is asked about real ones only.
        uais: (await this.imports.distinctSchools(importId)).filter((uai) => UAI.test(uai)),
        schoolIds: record.default_school_id ? [record.default_school_id] : [],
        administratorId: supervisorsNeedChoice && record.administrator_id ? record.administrator_id : undefined,
      },
      context,
    );
    const schools = new Map(directory.schools.map((s) => [s.uai, s]));
    let defaultUai: string | null = null;
    if (record.default_school_id) {
      const school = directory.schools.find((s) => s.id === record.default_school_id);
      const value = record.default_school_id;
      if (!school) fileIssues.push({ line: 0, column: 'schoolId', value, code: 'default_school.unknown' });
      else if (!school.inScope) fileIssues.push({ line: 0, column: 'schoolId', value, code: 'default_school.out_of_scope' });
      else defaultUai = school.uai;
    }
    const newClasses = await this.newClasses(importId, record.named_classes, defaultUai, schools, context);

    const supervisorIssue = !supervisorsNeedChoice
      ? null
      : !record.administrator_id
        ? 'managed_by.required'
        : directory.administratorActive
          ? null
          : 'managed_by.not_an_administrator';
    let done = 0;
    let next = this.imports.checkedFields(importId, 0, CHECK_ROWS);
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      // The next rows are read while identity checks these.
      next = this.imports.checkedFields(importId, rows[rows.length - 1].line, CHECK_ROWS);
      // Awaited at the next turn; a failure meanwhile must not count as unhandled.
      next.catch(() => undefined);
      const taken = await this.identity.call(
        IdentityImportRpc.check,
        {
          importId,
          usernames: rows.map((r) => r.userName).filter(Boolean),
          externalIds: rows.map((r) => r.externalId).filter((id): id is string => id !== null),
        },
        context,
      );
      const usernames = new Set(taken.takenUsernames);
      const lookalikes = new Set(taken.lookalikeUsernames);
      const externalIds = new Set(taken.takenExternalIds);
      const byLine = rows.map(({ line, ...row }) => ({
        line,
        issues: this.rowIssues(line, row, { usernames, lookalikes, externalIds, schools, defaultUai, defaultChosen: Boolean(record.default_school_id), supervisorIssue }),
      }));
      await this.imports.setCheckErrors(importId, byLine.filter((r) => r.issues.length));
      done += rows.length;
      await this.imports.setProgress(importId, 'checking', done);
    }

    const counts = await this.imports.counts(importId);
    const errorCount = counts.issues + fileIssues.length;
    await this.imports.update(importId, {
      status: errorCount ? 'invalid' : 'ready',
      phase: 'done',
      valid_rows: counts.valid,
      error_count: errorCount,
      file_errors: fileIssues,
      new_classes: newClasses,
      default_school_uai: defaultUai,
    });
    this.logger.log({ importId, rows: record.total_rows, valid: counts.valid, errors: errorCount }, 'Upload checked');
  }

  /**
   * Ends a validation that cannot complete: the upload stays, refused, with the reason (`failure.x`
   * of the job becomes `check.x`: the person must upload again, not confirm again).
   */
  async giveUp(importId: string, failure: string): Promise<void> {
    const code = failure.replace(/^failure\./, 'check.');
    const record = await this.imports.find(importId);
    if (!record || record.status !== 'validating') return;
    const counts = await this.imports.counts(importId);
    await this.imports.update(importId, {
      status: 'invalid',
      phase: 'done',
      valid_rows: counts.valid,
      error_count: counts.issues + 1,
      file_errors: [{ line: 0, column: '', value: '', code }],
    });
  }

  private rowIssues(
    line: number,
    row: Omit<CheckedFields, 'line'>,
    known: {
      usernames: Set<string>;
      /** Usernames that look like a login in use (identity does not say which). */
      lookalikes: Set<string>;
      externalIds: Set<string>;
      schools: Map<string, School>;
      defaultUai: string | null;
      defaultChosen: boolean;
      supervisorIssue: string | null;
    },
  ): ImportIssue[] {
    const issues: ImportIssue[] = [];
    if (row.userName && known.usernames.has(row.userName)) issues.push({ line, column: 'userName', value: row.userName, code: 'username.taken' });
    else if (row.userName && known.lookalikes.has(row.userName)) issues.push({ line, column: 'userName', value: row.userName, code: 'username.lookalike' });
    if (row.externalId && known.externalIds.has(row.externalId)) {
      issues.push({ line, column: 'externalId', value: row.externalId, code: 'external_id.taken' });
    }
    if (row.school && UAI.test(row.school)) {
      const school = known.schools.get(row.school);
      if (!school) issues.push({ line, column: 'school', value: row.school, code: 'school.unknown' });
      else if (!school.inScope) issues.push({ line, column: 'school', value: row.school, code: 'school.out_of_scope' });
    } else if (!row.school && row.role === 'member' && !known.defaultUai && !known.defaultChosen) {
      issues.push({ line, column: 'school', value: '', code: 'school.required' });
    }
    if (row.role === 'supervisor' && known.supervisorIssue) issues.push({ line, column: 'role', value: 'S', code: known.supervisorIssue });
    return issues;
  }

  /** Classes the file names in known schools of the caller's scope that do not exist yet. */
  private async newClasses(
    importId: string,
    classes: ReadonlyArray<{ school: string | null; name: string }>,
    defaultUai: string | null,
    schools: Map<string, School>,
    context: CallContext,
  ): Promise<NewClass[]> {
    const pairs = classes
      .map((c) => ({ uai: c.school ?? defaultUai, name: c.name }))
      .filter((c): c is { uai: string; name: string } => c.uai !== null && (schools.get(c.uai)?.inScope === true || c.uai === defaultUai));
    const named = [...new Map(pairs.map((c) => [`${c.uai}\u0000${c.name}`, c])).values()].sort(
      (a, b) => a.uai.localeCompare(b.uai) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const existing = new Set<string>();
    for (let i = 0; i < named.length; i += CHECK_ROWS) {
      const answer = await this.identity.call(IdentityImportRpc.check, { importId, classes: named.slice(i, i + CHECK_ROWS) }, context);
      for (const c of answer.existingClasses) existing.add(`${c.uai}\u0000${c.name}`);
    }
    return named.filter((c) => !existing.has(`${c.uai}\u0000${c.name}`)).map((c) => ({ school: c.uai, name: c.name }));
  }
}
