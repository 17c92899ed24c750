import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { FeedFolders } from './feed-folders';
import { FeedReader } from './feed-reader.service';
import { FeedUploadController } from './feed-upload.controller';
import { FeedUploadService } from './feed-upload.service';
import { FeedsProcessor } from './feeds.processor';

/** Académie feeds (issue 15), the importer's side: the files received, read and staged at identity. */
@Module({
  imports: [IdentityModule, JobQueuesModule],
  controllers: [FeedUploadController],
  providers: [FeedFolders, FeedUploadService, FeedReader, FeedsProcessor],
  exports: [FeedFolders],
})
export class FeedsModule {}
