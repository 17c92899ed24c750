import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { OutboxModule } from '../outbox/outbox.module';
import { RecordsModule } from '../records/records.module';
import { ReportModule } from '../report/report.module';
import { UploadsModule } from '../uploads/uploads.module';
import { ImportRunner } from './import-runner.service';
import { ImportsController } from './imports.controller';
import { ImportsProcessor } from './imports.processor';
import { ImportsService } from './imports.service';

/** Imports (SPEC §5): the history, the confirmation, and the jobs that check an upload and import it. */
@Module({
  imports: [IdentityModule, RecordsModule, ReportModule, UploadsModule, OutboxModule, JobQueuesModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportRunner, ImportsProcessor],
})
export class ImportsModule {}
