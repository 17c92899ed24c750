import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { UndoModule } from '../undo/undo.module';
import { OidcModule } from '../oidc/oidc.module';
import { CodeSealingService } from './code-sealing';
import { LoginSkeletonsRepository } from '../accounts/login-skeletons.repository';
import { MaintenanceProcessor } from './maintenance.processor';
import { PurgeService } from './purge.service';

@Module({
  imports: [LifecycleModule, UndoModule, OidcModule, BullModule.registerQueue({ name: JOB_QUEUES.identityMaintenance.name, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } })],
  providers: [PurgeService, LoginSkeletonsRepository, MaintenanceProcessor, CodeSealingService],
  exports: [PurgeService],
})
export class MaintenanceModule {}
