import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { AuthModule } from '../auth/auth.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { StagingPurgeProcessor } from './staging-purge.processor';

/** CSV imports on identity's side: checks, staging and the all-or-nothing commit (SPEC §5). */
@Module({
  imports: [AuthModule, BullModule.registerQueue({ name: JOB_QUEUES.identityImports.name, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } })],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService, StagingPurgeProcessor],
})
export class ImportsModule {}
