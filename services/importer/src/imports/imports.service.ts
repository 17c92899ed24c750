import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { DELEGATED_OPERATIONS, ImportPage, ImportReport, JOB_QUEUES, ServiceFailure } from '@sesame/contracts';
import { Queue } from 'bullmq';
import type { Caller } from '../identity/callers.service';
import { DelegationsService } from '../identity/delegations.service';
import { ImportsRepository } from '../records/imports.repository';
import { ImportReportService, toSummary } from '../report/import-report.service';
import { canImport } from '../report/report.rules';
import { confirmRefusal } from './imports.rules';

/** The history, the reports and the confirmation of imports, within what the caller may see. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly reports: ImportReportService,
    @InjectQueue(JOB_QUEUES.importerImports.name) private readonly jobs: Queue,
    private readonly delegations: DelegationsService,
  ) {}

  /** The manager sees every import, an administrator its own; most recent first. */
  async list(caller: Caller, page: number, pageSize: number): Promise<ImportPage> {
    if (!canImport(caller)) throw new ServiceFailure('forbidden');
    const { total, items } = await this.imports.list(caller.role === 'manager' ? null : caller.id, page, pageSize);
    return { total, items: items.map(toSummary) };
  }

  async get(caller: Caller, id: string): Promise<ImportReport> {
    return this.reports.report(await this.reports.visible(caller, id), caller);
  }

  /** Starts the import; refused (409) while errors remain or before the validation ends. */
  async confirm(caller: Caller, id: string, token: string, requestId?: string): Promise<ImportReport> {
    const record = await this.reports.visible(caller, id);
    const refusal = confirmRefusal(record.status, record.error_count, record.expired_at !== null);
    if (refusal) throw new ServiceFailure('conflict', { params: { reason: refusal } });
    // Asked before the import is marked started: a refusal leaves it confirmable.
    const data = await this.delegations.importJob(DELEGATED_OPERATIONS.commitImport, id, caller, token, requestId);
    if (!(await this.imports.startImport(id, caller.id))) {
      const now = (await this.imports.find(id))!;
      throw new ServiceFailure('conflict', { params: { reason: confirmRefusal(now.status, now.error_count, now.expired_at !== null) ?? 'import_already_confirmed' } });
    }
    const job = JOB_QUEUES.importerImports.jobs.import;
    await this.jobs.add(job.name, job.data.parse(data), { jobId: `import-${id}-${Date.now()}` });
    return this.reports.report((await this.imports.find(id))!, caller);
  }
}
