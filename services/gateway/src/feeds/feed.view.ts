import type { Locale } from '@sesame/account-rules';
import { FeedReadErrorSchema, FeedViewSchema, type FeedView } from '@sesame/contracts';
import { z } from 'zod';
import { feedErrorMessage } from '../problems/feed-messages';

/** A feed as the API shows it: identity's view, its read error said in a sentence that names the file, record and field. */
export const FeedApiViewSchema = FeedViewSchema.extend({
  error: FeedReadErrorSchema.extend({ message: z.string() }).nullable(),
});
export type FeedApiView = z.infer<typeof FeedApiViewSchema>;

export const FeedApiPageSchema = z.object({ total: z.number().int(), items: z.array(FeedApiViewSchema) });

export function feedView(feed: FeedView, locale: Locale): FeedApiView {
  return { ...feed, error: feed.error ? { ...feed.error, message: feedErrorMessage(feed.error, locale) } : null };
}
