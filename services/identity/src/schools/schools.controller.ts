import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { SchoolsService } from './schools.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class SchoolsController {
  constructor(
    private readonly schools: SchoolsService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityRpc.listSchools.pattern)
  list(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.listSchools, raw, (actor) => this.schools.list(actor));
  }

  @MessagePattern(IdentityRpc.createSchool.pattern)
  create(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.createSchool, raw, (actor, input) => this.schools.create(actor, input));
  }

  @MessagePattern(IdentityRpc.listClasses.pattern)
  classes(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.listClasses, raw, (actor, { schoolId }) => this.schools.classes(actor, schoolId));
  }

  @MessagePattern(IdentityRpc.createClass.pattern)
  createClass(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.createClass, raw, (actor, input) => this.schools.createClass(actor, input));
  }
}
