import { Chip, Typography } from '@mui/material';
import { DataTable, Link, useLocaleState, useTranslate } from 'react-admin';
import { HistoryList } from '../common/HistoryList';
import { formatDateTime } from '../distribution/labels';
import { feedIsActive, filesSummary, totalChanges } from './feed-state';
import type { FeedViewData } from './feeds-api';
import { FeedUpload } from './FeedUpload';

export const FEED_STATUS_COLOR = { reading: 'default', diffing: 'default', ready: 'warning', applying: 'info', applied: 'success', failed: 'error' } as const;

/** « a.xml, b.xml, c.xml et 4 autres »: a feed's files, the first few by name. */
export function useFileNames() {
  const translate = useTranslate();
  return (files: readonly string[]) => {
    const { names, more } = filesSummary(files);
    return more ? `${names.join(', ')} ${translate('sesame.feeds.filesMore', { smart_count: more })}` : names.join(', ');
  };
}

/** The académie feeds' page: a new upload on top, the history below (GET /feeds, newest first). */
export function FeedList() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const fileNames = useFileNames();
  const numberLocale = locale === 'en' ? 'en-GB' : 'fr-FR';
  const col = (key: string) => translate(`sesame.feeds.columns.${key}`);
  return (
    <>
      <FeedUpload />
      <HistoryList<FeedViewData> resource="feeds" title={translate('sesame.sections.feeds')} heading={translate('sesame.feeds.history')} none={translate('sesame.feeds.none')} isActive={feedIsActive}>
        <DataTable.Col
          label={col('createdAt')}
          disableSort
          render={(feed: FeedViewData) => (
            <>
              <Link to={`/feeds/${feed.id}/show`}>{formatDateTime(feed.createdAt, locale)}</Link>
              {feed.createdBy && <Typography variant="body2">{translate('sesame.campaigns.by', { username: feed.createdBy.username })}</Typography>}
            </>
          )}
        />
        <DataTable.Col
          label={col('kind')}
          disableSort
          render={(feed: FeedViewData) =>
            feed.kind === 'school' && feed.source ? `${translate('sesame.feeds.kinds.school')} (${translate(`sesame.feeds.sources.${feed.source}`)})` : translate(`sesame.feeds.kinds.${feed.kind}`)
          }
        />
        <DataTable.Col label={col('school')} disableSort render={(feed: FeedViewData) => feed.uai ?? translate('sesame.feeds.wholeAcademie')} />
        <DataTable.Col label={col('files')} disableSort cellSx={() => ({ minWidth: 160, maxWidth: 320, overflowWrap: 'anywhere' })} render={(feed: FeedViewData) => fileNames(feed.files)} />
        <DataTable.Col
          label={col('changes')}
          disableSort
          render={(feed: FeedViewData) => {
            if (feed.status === 'reading' || feed.status === 'diffing' || (feed.status === 'failed' && feed.error)) return '—';
            const count = totalChanges(feed.totals);
            return translate('sesame.feeds.changesCount', { smart_count: count, count: count.toLocaleString(numberLocale) });
          }}
        />
        <DataTable.Col
          label={col('status')}
          disableSort
          render={(feed: FeedViewData) => <Chip size="small" variant="outlined" color={FEED_STATUS_COLOR[feed.status]} label={translate(`sesame.feeds.status.${feed.status}`)} />}
        />
      </HistoryList>
    </>
  );
}
