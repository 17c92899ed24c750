import { Module } from '@nestjs/common';
import { EnrolmentConsumer } from './enrolment.consumer';
import { EnrolmentRepository } from './enrolment.repository';
import { EnrolmentService } from './enrolment.service';

@Module({ providers: [EnrolmentRepository, EnrolmentService, EnrolmentConsumer], exports: [EnrolmentService] })
export class EnrolmentModule {}
