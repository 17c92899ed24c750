import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ManagerBootstrap } from './manager.bootstrap';

@Module({ imports: [AuthModule], providers: [ManagerBootstrap] })
export class BootstrapModule {}
