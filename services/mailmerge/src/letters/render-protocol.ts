import type { CampaignLayout, Locale } from '@sesame/contracts';
import type { CoverContent } from './cover-text.rules';
import type { LetterRecipient } from './letter-text.rules';

/** What the main thread asks of the rendering thread (see render.worker.ts), in this order. */
export type RenderRequest =
  | { kind: 'open'; path: string; title: string; author: string; locale: Locale; layout: CampaignLayout; publicUrl: string }
  | { kind: 'cover'; content: CoverContent }
  | { kind: 'letters'; letters: LetterRecipient[] }
  | { kind: 'close' };

/** Each request is answered once: done (with the totals so far), or failed. */
export type RenderAnswer = { kind: 'done'; letters: number; pages: number } | { kind: 'failed'; message: string };
