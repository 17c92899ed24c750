import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RentreeController } from './rentree.controller';
import { RentreeService } from './rentree.service';

/** The rentrée (issue 16): year N archived, year N+1 opened, restorable for 30 days. */
@Module({
  imports: [AuthModule],
  controllers: [RentreeController],
  providers: [RentreeService],
})
export class RentreeModule {}
