import { Module } from '@nestjs/common';
import { DelegationSigner } from '@sesame/auth';
import { AuthModule } from '../auth/auth.module';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { DelegationController } from './delegation.controller';
import { DelegationService } from './delegation.service';

/** Delegations for background jobs (importer, mailmerge): one operation, signed for one person. */
@Module({
  imports: [AuthModule],
  controllers: [DelegationController],
  providers: [
    DelegationService,
    {
      provide: DelegationSigner,
      inject: [IDENTITY_CONFIG],
      useFactory: (config: IdentityConfig) => new DelegationSigner(config.JWT_PRIVATE_KEY, config.DELEGATION_TTL),
    },
  ],
})
export class DelegationModule {}
