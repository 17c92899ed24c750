import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { ReportsService } from './reports.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityRpc.activationReport.pattern)
  activation(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.activationReport, raw, (actor, { schoolId }) => this.reports.activation(actor, schoolId));
  }
}
