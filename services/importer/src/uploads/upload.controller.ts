import { Controller, Post, Req, Res } from '@nestjs/common';
import { IMPORTER_HTTP, ServiceFailure } from '@sesame/contracts';
import type { Request, Response } from 'express';
import { bearer, sendFailure, sendResult } from '../http/internal-answers';
import { CallersService } from '../identity/callers.service';
import { UploadService } from './upload.service';

/**
 * The upload route, internal: the gateway streams the multipart body here with the caller's token
 * (bytes RabbitMQ should not carry).
 */
@Controller()
export class UploadController {
  constructor(
    private readonly uploads: UploadService,
    private readonly callers: CallersService,
  ) {}

  @Post(IMPORTER_HTTP.upload)
  async upload(@Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const token = bearer(request);
      const caller = await this.callers.resolve(token, request.headers['x-request-id'] as string | undefined);
      if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
        throw new ServiceFailure('validation_failed', { issues: [{ field: 'file', code: 'file.required' }] });
      }
      const id = await this.uploads.receive(request, caller, token!);
      sendResult(response, 202, { ok: true, data: { id } });
    } catch (error) {
      sendFailure(request, response, error);
    }
  }
}
