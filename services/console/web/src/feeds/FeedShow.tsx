import { Alert, Box, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import { Link, ShowBase, Title, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../distribution/labels';
import { feedErrorSentence, feedIsActive, feedState } from './feed-state';
import { FeedChanges } from './FeedChanges';
import { FeedConfirm } from './FeedConfirm';
import { FEED_STATUS_COLOR, useFileNames } from './FeedList';
import { type DrillDown, FeedSchools, FeedTotals } from './FeedTables';
import type { FeedViewData } from './feeds-api';
import { UndoButton } from '../undo/UndoDialog';

/** Where the feed stands, in a sentence read out as it changes; the bar while it moves; the refusal of the files. */
function FeedProgress({ feed }: { feed: FeedViewData }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const state = feedState(feed);
  const count = Number(state.args.smart_count ?? 0).toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
  const error = feed.error;
  return (
    <Box sx={{ my: 2 }}>
      <Typography role="status" aria-live="polite" data-testid="feed-state" sx={{ fontWeight: 600 }}>
        {translate(`sesame.feeds.state.${state.key}`, { ...state.args, count })}
      </Typography>
      {feedIsActive(feed) && <LinearProgress aria-label={translate('sesame.feeds.progressLabel')} sx={{ mt: 1, height: 10, borderRadius: 5 }} />}
      {error && (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="feed-error">
          {feedErrorSentence(error, locale) ?? translate('sesame.feeds.errorFallback', { file: error.file, record: error.record ?? '—', field: error.field ?? '—', code: error.code })}
        </Alert>
      )}
    </Box>
  );
}

/** Who sent what: the kind and school, the files, who uploaded and confirmed it, and when. */
function FeedIdentity({ feed }: { feed: FeedViewData }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const fileNames = useFileNames();
  const identity =
    feed.kind === 'aaf'
      ? translate('sesame.feeds.identity.aaf')
      : feed.source
        ? translate('sesame.feeds.identity.school', { source: translate(`sesame.feeds.sources.${feed.source}`), school: feed.uai ?? '' })
        : translate('sesame.feeds.identity.schoolUnread', { school: feed.uai ?? '' });
  return (
    <>
      <Typography sx={{ mt: 1 }}>{identity}</Typography>
      <Typography>
        {feed.createdBy
          ? translate('sesame.feeds.uploadedBy', { username: feed.createdBy.username, date: formatDateTime(feed.createdAt, locale) })
          : translate('sesame.feeds.uploadedAt', { date: formatDateTime(feed.createdAt, locale) })}
      </Typography>
      <Typography sx={{ overflowWrap: 'anywhere' }}>{translate('sesame.feeds.files', { smart_count: feed.files.length, names: fileNames(feed.files) })}</Typography>
      {feed.confirmedBy && feed.confirmedAt && (
        <Typography sx={{ mt: 1 }}>{translate('sesame.feeds.confirmedBy', { username: feed.confirmedBy.username, date: formatDateTime(feed.confirmedAt, locale) })}</Typography>
      )}
      {feed.heldConfirmations.map((held) => (
        <Typography key={held.uai}>{translate('sesame.feeds.heldReason', held)}</Typography>
      ))}
    </>
  );
}

function FeedPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const feed = useRecordContext<FeedViewData>();
  const [drill, setDrill] = useState<DrillDown>({});
  const changes = useRef<HTMLDivElement>(null);
  if (!feed?.status) return null;
  const title = translate('sesame.feeds.title', { date: formatDateTime(feed.createdAt, locale) });
  const diffShown = feed.status === 'ready' || feed.status === 'applying' || feed.status === 'applied' || (feed.status === 'failed' && !feed.error);
  const see = (next: DrillDown) => {
    setDrill(next);
    changes.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  return (
    <>
      <Title title={title} />
      <Card component="section" aria-labelledby="feed-summary" sx={{ mt: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography id="feed-summary" component="h2" variant="h5" sx={{ mr: 1 }}>
              {feed.kind === 'aaf' ? translate('sesame.feeds.kinds.aaf') : `${translate('sesame.feeds.kinds.school')} ${feed.uai ?? ''}`}
            </Typography>
            <Chip size="small" variant="outlined" color={FEED_STATUS_COLOR[feed.status]} label={translate(`sesame.feeds.status.${feed.status}`)} />
          </Stack>
          <FeedIdentity feed={feed} />
          <FeedProgress feed={feed} />
          <FeedConfirm feed={feed} />
          {feed.status === 'applied' && (
            <Box sx={{ mt: 2 }}>
              <UndoButton kind="feed" id={feed.id} />
            </Box>
          )}
        </CardContent>
      </Card>
      {diffShown && (
        <>
          <FeedTotals feed={feed} onSee={see} />
          <FeedSchools feed={feed} onSee={see} />
          <FeedChanges ref={changes} feed={feed} drill={drill} onDrill={setDrill} />
        </>
      )}
      <Typography sx={{ mt: 2 }}>
        <Link to="/feeds">{translate('sesame.feeds.another')}</Link>
      </Typography>
    </>
  );
}

/** One feed (GET /feeds/:id), asked again every second while it is read, compared or applied. */
export function FeedShow() {
  return (
    <ShowBase resource="feeds" queryOptions={{ refetchInterval: (query) => (feedIsActive(query.state.data as FeedViewData | undefined) ? 1000 : false) }}>
      <FeedPage />
    </ShowBase>
  );
}
