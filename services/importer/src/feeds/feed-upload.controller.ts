import { Controller, Post, Req, Res } from '@nestjs/common';
import { IMPORTER_HTTP, ServiceFailure, invalidField } from '@sesame/contracts';
import type { Request, Response } from 'express';
import { bearer, sendFailure, sendResult } from '../http/internal-answers';
import { CallersService } from '../identity/callers.service';
import { FeedUploadService } from './feed-upload.service';

/**
 * The feed upload route, internal: the gateway streams the multipart body here with the caller's
 * token (an AAF delivery is about a gigabyte: bytes RabbitMQ should not carry). Answers 202 with the
 * feed as identity opened it; the read follows as a job.
 */
@Controller()
export class FeedUploadController {
  constructor(
    private readonly feeds: FeedUploadService,
    private readonly callers: CallersService,
  ) {}

  @Post(IMPORTER_HTTP.feedUpload)
  async upload(@Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const token = bearer(request);
      if (!token) throw new ServiceFailure('unauthenticated');
      const requestId = request.headers['x-request-id'] as string | undefined;
      const caller = await this.callers.resolve(token, requestId);
      if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) throw invalidField('files', 'feed.files_required');
      const view = await this.feeds.receive(request, caller, token, requestId);
      sendResult(response, 202, { ok: true, data: view });
    } catch (error) {
      sendFailure(request, response, error);
    }
  }
}
