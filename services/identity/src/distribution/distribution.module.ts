import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DistributionLogConsumer } from './distribution-log.consumer';
import { DistributionController } from './distribution.controller';
import { DistributionRepository } from './distribution.repository';
import { DistributionService } from './distribution.service';

/** Selections frozen by mailmerge's campaigns, and each account's last distribution. */
@Module({
  imports: [AuthModule],
  controllers: [DistributionController],
  providers: [DistributionRepository, DistributionService, DistributionLogConsumer],
})
export class DistributionModule {}
