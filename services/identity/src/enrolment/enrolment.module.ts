import { Module } from '@nestjs/common';
import { EnrolmentContextRepository } from './enrolment-context.repository';
import { EnrolmentConsumer } from './enrolment.consumer';
import { EnrolmentRepository } from './enrolment.repository';
import { EnrolmentService } from './enrolment.service';

@Module({ providers: [EnrolmentRepository, EnrolmentContextRepository, EnrolmentService, EnrolmentConsumer], exports: [EnrolmentService] })
export class EnrolmentModule {}
