import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Button, MenuItem, Stack, TableCell, TableRow, TextField, Typography } from '@mui/material';
import { forwardRef, useEffect, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { categoryCounts, changeFields, formatValue } from './feed-state';
import { type FeedChange, type FeedChangesPage, type FeedViewData, feedsApi } from './feeds-api';
import { TableCard } from '../common/TableCard';
import { type DrillDown, useSchoolName } from './FeedTables';

const PAGE_SIZE = 50;

/** One page of the drill-down, fetched again when the choice or the page changes. */
function useChangesPage(feedId: string, drill: DrillDown, after: number) {
  const [page, setPage] = useState<FeedChangesPage>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let current = true;
    // The rows of the former choice go at once: a caption never stands over another choice's rows.
    setPage(undefined);
    setFailure(undefined);
    feedsApi.changes(feedId, { ...drill, after, limit: PAGE_SIZE }).then(
      (answer) => current && setPage(answer),
      (error: Error) => current && setFailure(error.message),
    );
    return () => {
      current = false;
    };
  }, [feedId, drill, after]);
  return { page, failure };
}

/** A change's fields as « label : before → after », one line each. */
function BeforeAfter({ change }: { change: FeedChange }) {
  const translate = useTranslate();
  const words = { yes: translate('sesame.feeds.changes.yes'), no: translate('sesame.feeds.changes.no') };
  const format = (field: string, value: unknown) =>
    field === 'profile' && typeof value === 'string' ? translate(`sesame.profiles.${value}`, { _: value }) : formatValue(value, words);
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }}>
      {changeFields(change, format).map(({ field, before, after }) => (
        <li key={field}>
          {translate('sesame.feeds.changes.line', { field: translate(`sesame.feeds.fields.${field}`, { _: field }), before, after })}
        </li>
      ))}
    </Box>
  );
}

/**
 * The drill-down (GET /feeds/:id/changes): the changes of one category and one school, or all, 50 a
 * page, each with its before → after; and the CSV of every change.
 */
export const FeedChanges = forwardRef<HTMLDivElement, { feed: FeedViewData; drill: DrillDown; onDrill: (drill: DrillDown) => void }>(function FeedChanges({ feed, drill, onDrill }, ref) {
  const translate = useTranslate();
  const notify = useNotify();
  const schoolName = useSchoolName();
  // The `after` of each page seen so far: the way back.
  const [cursors, setCursors] = useState<number[]>([0]);
  useEffect(() => setCursors([0]), [drill]);
  const { page, failure } = useChangesPage(feed.id, drill, cursors.at(-1) ?? 0);
  const school = feed.schools.find((entry) => entry.uai === drill.uai);
  const where = drill.uai ? translate('sesame.feeds.changes.inSchool', { school: school ? schoolName(school) : drill.uai }) : translate('sesame.feeds.changes.everySchool');
  const caption = drill.category
    ? translate('sesame.feeds.changes.caption', { category: translate(`sesame.feeds.categories.${drill.category}`), school: where, page: cursors.length })
    : translate('sesame.feeds.changes.captionAll', { school: where, page: cursors.length });
  const col = (key: string) => translate(`sesame.feeds.changes.columns.${key}`);
  const download = async () => {
    try {
      await feedsApi.downloadChanges(feed.id);
    } catch (error) {
      notify((error as Error).message, { type: 'error', messageArgs: { _: (error as Error).message } });
    }
  };
  return (
    <div ref={ref}>
      <TableCard
        id="feed-changes"
        title={translate('sesame.feeds.changes.title')}
        caption={caption}
        head={[col('category'), col('school'), col('person'), col('profile'), col('change')]}
        intro={
          <>
            <Typography sx={{ mb: 2 }}>{translate('sesame.feeds.changes.intro')}</Typography>
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
              <TextField
                select
                size="small"
                label={translate('sesame.feeds.changes.category')}
                value={drill.category ?? ''}
                onChange={(event) => onDrill({ ...drill, category: (event.target.value || undefined) as DrillDown['category'] })}
                slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                sx={{ minWidth: 260 }}
              >
                <MenuItem value="">{translate('sesame.feeds.changes.allCategories')}</MenuItem>
                {categoryCounts(feed.totals)
                  .filter(({ count }) => count > 0)
                  .map(({ category }) => (
                    <MenuItem key={category} value={category}>
                      {translate(`sesame.feeds.categories.${category}`)}
                    </MenuItem>
                  ))}
              </TextField>
              <TextField
                select
                size="small"
                label={translate('sesame.feeds.changes.school')}
                value={drill.uai ?? ''}
                onChange={(event) => onDrill({ ...drill, uai: event.target.value || undefined })}
                slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                sx={{ minWidth: 260 }}
              >
                <MenuItem value="">{translate('sesame.feeds.changes.allSchools')}</MenuItem>
                {feed.schools.map((entry) => (
                  <MenuItem key={entry.uai} value={entry.uai}>
                    {schoolName(entry)}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
            <Button variant="outlined" startIcon={<DownloadIcon />} onClick={download} sx={{ mb: 2 }}>
              {translate('sesame.feeds.changes.download')}
            </Button>
            {failure && (
              <Alert severity="error" sx={{ mb: 2 }}>
                {translate(failure, { _: failure })}
              </Alert>
            )}
          </>
        }
      >
        {page && page.items.length === 0 && (
          <TableRow>
            <TableCell colSpan={5}>{translate('sesame.feeds.changes.none')}</TableCell>
          </TableRow>
        )}
        {page?.items.map((change) => (
          <TableRow key={change.seq} data-seq={change.seq}>
            <TableCell>{translate(`sesame.feeds.categories.${change.category}`)}</TableCell>
            <TableCell>{change.uai ?? '—'}</TableCell>
            <TableCell component="th" scope="row" sx={{ minWidth: 160 }}>
              {[change.lastName, change.firstName].filter(Boolean).join(' ') || '—'}
              <Typography variant="body2" color="text.secondary">
                {change.username ?? translate('sesame.feeds.changes.key', { key: change.joinKey })}
              </Typography>
            </TableCell>
            <TableCell>{change.profile ? translate(`sesame.profiles.${change.profile}`) : '—'}</TableCell>
            <TableCell sx={{ minWidth: 260, overflowWrap: 'anywhere' }}>
              <BeforeAfter change={change} />
            </TableCell>
          </TableRow>
        ))}
      </TableCard>
      <Stack direction="row" spacing={1} sx={{ mt: 1, justifyContent: 'flex-end' }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors((seen) => seen.slice(0, -1))}>
          {translate('sesame.feeds.changes.previous')}
        </Button>
        <Button disabled={!page || page.next === null} onClick={() => page?.next != null && setCursors((seen) => [...seen, page.next as number])}>
          {translate('sesame.feeds.changes.next')}
        </Button>
      </Stack>
    </div>
  );
});
