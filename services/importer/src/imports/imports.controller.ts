import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ImporterRpc, RpcDefinition, RpcRequest, RpcResult } from '@sesame/contracts';
import { RpcAckInterceptor, answerRpc } from '@sesame/messaging';
import type { z } from 'zod';
import { Caller, CallersService } from '../identity/callers.service';
import { ImportsService } from './imports.service';

/** The importer's RPC queue: history, report, confirmation, on behalf of the caller's token. */
@Controller()
@UseInterceptors(RpcAckInterceptor)
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly callers: CallersService,
  ) {}

  @MessagePattern(ImporterRpc.listImports.pattern)
  list(@Payload() raw: unknown) {
    return this.answer(ImporterRpc.listImports, raw, (caller, input) => this.imports.list(caller, input.page, input.pageSize));
  }

  @MessagePattern(ImporterRpc.getImport.pattern)
  get(@Payload() raw: unknown) {
    return this.answer(ImporterRpc.getImport, raw, (caller, { id }) => this.imports.get(caller, id));
  }

  @MessagePattern(ImporterRpc.confirmImport.pattern)
  confirm(@Payload() raw: unknown) {
    return this.answer(ImporterRpc.confirmImport, raw, (caller, { id }, request) => this.imports.confirm(caller, id, request.token!, request.requestId));
  }

  private answer<I extends z.ZodType, O extends z.ZodType>(
    definition: RpcDefinition<I, O>,
    raw: unknown,
    handle: (caller: Caller, input: z.output<I>, request: RpcRequest) => Promise<z.input<O>>,
  ): Promise<RpcResult<z.input<O>>> {
    return answerRpc(definition, raw, async (input, request) => handle(await this.callers.resolve(request.token, request.requestId), input, request));
  }
}
