import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { ActivationController } from './activation.controller';
import { ActivationService } from './activation.service';
import { PasswordResetService } from './password-reset.service';

@Module({ imports: [AuthModule, UsersModule], controllers: [ActivationController], providers: [ActivationService, PasswordResetService] })
export class ActivationModule {}
