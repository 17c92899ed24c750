import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { RecordsModule } from '../records/records.module';
import { UploadController } from './upload.controller';
import { UploadRepository } from './upload.repository';
import { UploadRows } from './upload-rows.service';
import { UploadService } from './upload.service';
import { ValidationService } from './validation.service';

/** Uploads (SPEC §5): the file read as it streams, then its checks against the directory. */
@Module({
  imports: [IdentityModule, RecordsModule, JobQueuesModule],
  controllers: [UploadController],
  providers: [UploadService, UploadRows, UploadRepository, ValidationService],
  exports: [ValidationService],
})
export class UploadsModule {}
