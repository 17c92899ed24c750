import { Module } from '@nestjs/common';
import { SealKeyring, parseSealKey } from '@sesame/auth';
import { AuthModule } from '../auth/auth.module';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { ThrottleModule } from '../throttle/throttle.module';
import { UsersModule } from '../users/users.module';
import { ActivationController } from './activation.controller';
import { ActivationService } from './activation.service';
import { PasswordResetService } from './password-reset.service';
import { ResetTokensRepository } from './reset-tokens.repository';

@Module({
  imports: [AuthModule, UsersModule, ThrottleModule],
  controllers: [ActivationController],
  providers: [
    ActivationService,
    PasswordResetService,
    ResetTokensRepository,
    // Identity only seals: the current key is enough (mailmerge keeps the previous ones to open).
    { provide: SealKeyring, inject: [IDENTITY_CONFIG], useFactory: (c: IdentityConfig) => new SealKeyring(parseSealKey(c.MAIL_SEAL_KEY)!) },
  ],
  exports: [ActivationService, PasswordResetService],
})
export class ActivationModule {}
