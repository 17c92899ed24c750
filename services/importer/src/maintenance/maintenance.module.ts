import { Module } from '@nestjs/common';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { RecordsModule } from '../records/records.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { StalledImportsRepository } from './stalled-imports.repository';
import { StalledImportsService } from './stalled-imports.service';

/** The importer's housekeeping: retention of uploaded rows, imports stalled in a transient state. */
@Module({
  imports: [RecordsModule, JobQueuesModule],
  providers: [MaintenanceProcessor, StalledImportsRepository, StalledImportsService],
})
export class MaintenanceModule {}
