import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersController } from './users.controller';
import { AccountAccess } from './account-access';
import { AccountStatusService } from './account-status.service';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule],
  controllers: [UsersController],
  providers: [UsersService, AccountStatusService, AccountAccess],
  exports: [UsersService, AccountAccess, AccountStatusService],
})
export class UsersModule {}
