import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { RecordsModule } from '../records/records.module';
import { ImportReportService } from './import-report.service';
import { ReportController } from './report.controller';
import { ReportCsvService } from './report-csv.service';

/** Reading an import, for whoever may: its report and progress, and report.csv. */
@Module({
  imports: [IdentityModule, RecordsModule],
  controllers: [ReportController],
  providers: [ImportReportService, ReportCsvService],
  exports: [ImportReportService],
})
export class ReportModule {}
