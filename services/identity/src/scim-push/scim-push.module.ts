import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ScimPushConsumers } from './scim-push.consumers';
import { ScimPushService } from './scim-push.service';
import { ScimTargetsController } from './scim-targets.controller';
import { ScimTargetsRepository } from './scim-targets.repository';
import { ScimTargetsService } from './scim-targets.service';

/** Sesame's accounts pushed to downstream SCIM targets (issue 18), one queue per target. */
@Module({
  imports: [AuthModule],
  controllers: [ScimTargetsController],
  providers: [ScimTargetsRepository, ScimPushService, ScimPushConsumers, ScimTargetsService],
  exports: [ScimTargetsService, ScimTargetsRepository],
})
export class ScimPushModule {}
