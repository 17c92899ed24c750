import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { LettersService } from './letters.service';

/** A letter campaign's PDF, drawn on worker threads into DOCUMENTS_DIR. */
@Module({ imports: [CampaignsModule], providers: [LettersService], exports: [LettersService] })
export class LettersModule {}
