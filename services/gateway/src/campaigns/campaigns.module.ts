import { Module } from '@nestjs/common';
import { CampaignDocumentProxy } from './campaign-document.proxy';
import { CampaignsController } from './campaigns.controller';
import { MailmergeClient } from './mailmerge.client';

/** /api/v1/campaigns: distribution campaigns, answered by mailmerge. */
@Module({ controllers: [CampaignsController], providers: [MailmergeClient, CampaignDocumentProxy] })
export class CampaignsModule {}
