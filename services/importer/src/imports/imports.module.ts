import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { IMPORTER_JOB_QUEUES } from '@sesame/contracts';
import { CallersService } from '../identity/callers.service';
import { DelegationsService } from '../identity/delegations.service';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';
import { StalledImportsRepository } from '../maintenance/stalled-imports.repository';
import { StalledImportsService } from '../maintenance/stalled-imports.service';
import { ImportReportService } from '../report/import-report.service';
import { ReportCsvService } from '../report/report-csv.service';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { ImportsProcessor } from './imports.processor';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { UploadController } from './upload.controller';
import { UploadRepository } from './upload.repository';
import { UploadService } from './upload.service';
import { ValidationService } from './validation.service';

/** CSV imports (SPEC §5): upload, report, confirmation, import, history, retention, stalled imports. */
@Module({
  imports: [
    // Jobs carry a delegation for one import (never a token): removed as soon as they end, whatever the outcome.
    BullModule.registerQueue({
      name: IMPORTER_JOB_QUEUES.imports,
      defaultJobOptions: { attempts: 6, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: true, removeOnFail: true },
    }),
    BullModule.registerQueue({ name: IMPORTER_JOB_QUEUES.maintenance, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } }),
  ],
  controllers: [ImportsController, UploadController],
  providers: [
    ImportsRepository,
    CallersService,
    DelegationsService,
    UploadService,
    UploadRepository,
    ValidationService,
    ImportService,
    ImportsService,
    ImportReportService,
    ReportCsvService,
    ImportsProcessor,
    MaintenanceProcessor,
    StalledImportsRepository,
    StalledImportsService,
  ],
})
export class ImportsModule {}
