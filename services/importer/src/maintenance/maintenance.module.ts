import { Module } from '@nestjs/common';
import { FeedsModule } from '../feeds/feeds.module';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { RecordsModule } from '../records/records.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { StalledImportsRepository } from './stalled-imports.repository';
import { StalledImportsService } from './stalled-imports.service';

/** The importer's housekeeping: retention of uploaded rows, imports stalled in a transient state, leftover feed files. */
@Module({
  imports: [RecordsModule, JobQueuesModule, FeedsModule],
  providers: [MaintenanceProcessor, StalledImportsRepository, StalledImportsService],
})
export class MaintenanceModule {}
