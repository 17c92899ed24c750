import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MailmergeRpc } from '@sesame/contracts';
import { RpcAckInterceptor, answerRpc } from '@sesame/messaging';
import { TestEmailService } from '../emails/test-email.service';
import { CampaignsService } from './campaigns.service';

/** Mailmerge's RPC queue: every call carries the caller's token, checked by identity. */
@Controller()
@UseInterceptors(RpcAckInterceptor)
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly testEmail: TestEmailService,
  ) {}

  @MessagePattern(MailmergeRpc.previewCampaign.pattern)
  preview(@Payload() raw: unknown) {
    return answerRpc(MailmergeRpc.previewCampaign, raw, (input, req) => this.campaigns.preview(req.token, input, req.requestId));
  }

  @MessagePattern(MailmergeRpc.createCampaign.pattern)
  create(@Payload() raw: unknown) {
    return answerRpc(MailmergeRpc.createCampaign, raw, (input, req) => this.campaigns.create(req.token, input, req.requestId));
  }

  @MessagePattern(MailmergeRpc.listCampaigns.pattern)
  list(@Payload() raw: unknown) {
    return answerRpc(MailmergeRpc.listCampaigns, raw, ({ page, pageSize }, req) => this.campaigns.list(req.token, page, pageSize));
  }

  @MessagePattern(MailmergeRpc.getCampaign.pattern)
  get(@Payload() raw: unknown) {
    return answerRpc(MailmergeRpc.getCampaign, raw, ({ id }, req) => this.campaigns.get(req.token, id));
  }

  @MessagePattern(MailmergeRpc.listRecipients.pattern)
  recipients(@Payload() raw: unknown) {
    return answerRpc(MailmergeRpc.listRecipients, raw, (input, req) => this.campaigns.recipientsOf(req.token, input));
  }

  @MessagePattern(MailmergeRpc.sendTestEmail.pattern)
  sendTestEmail(@Payload() raw: unknown) {
    return answerRpc(MailmergeRpc.sendTestEmail, raw, (input, req) => this.testEmail.send(req.token, input, req.requestId));
  }
}
