import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UndoController } from './undo.controller';
import { UndoRepository } from './undo.repository';
import { UndoService } from './undo.service';

/** Undo of a confirmed import or an applied feed (issue 16); the records it needs are written by the applies (undo-records.ts). */
@Module({
  imports: [AuthModule],
  controllers: [UndoController],
  providers: [UndoRepository, UndoService],
  exports: [UndoRepository],
})
export class UndoModule {}
