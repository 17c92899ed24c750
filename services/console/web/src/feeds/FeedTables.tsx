import { alpha, Button, Chip, TableCell, TableRow, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { categoryCounts, percent } from './feed-state';
import type { FeedChangeCategory, FeedViewData } from './feeds-api';
import { TableCard } from '../common/TableCard';

/** What the drill-down shows: one category, one school, or all of them. */
export interface DrillDown {
  category?: FeedChangeCategory;
  uai?: string;
}

const useNumber = () => {
  const [locale] = useLocaleState();
  return (value: number) => value.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
};

/** The feed's totals, one line per category, each opening its drill-down. */
export function FeedTotals({ feed, onSee }: { feed: FeedViewData; onSee: (drill: DrillDown) => void }) {
  const translate = useTranslate();
  const number = useNumber();
  return (
    <TableCard
      id="feed-totals"
      title={translate('sesame.feeds.totals.title')}
      caption={translate('sesame.feeds.totals.caption')}
      head={[translate('sesame.feeds.totals.category'), translate('sesame.feeds.totals.count'), '']}
    >
      {categoryCounts(feed.totals).map(({ category, count }) => (
        <TableRow key={category} data-category={category}>
          <TableCell component="th" scope="row">
            {translate(`sesame.feeds.categories.${category}`)}
          </TableCell>
          <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{number(count)}</TableCell>
          <TableCell>
            {count > 0 && (
              <Button size="small" onClick={() => onSee({ category })} aria-label={translate('sesame.feeds.totals.seeCategory', { category: translate(`sesame.feeds.categories.${category}`) })}>
                {translate('sesame.feeds.totals.see')}
              </Button>
            )}
          </TableCell>
        </TableRow>
      ))}
    </TableCard>
  );
}

/** A school's name as the feed knows it, or its UAI. */
export const useSchoolName = () => {
  const translate = useTranslate();
  return (school: { uai: string; name: string | null }) => (school.name ? `${school.name} (${school.uai})` : translate('sesame.feeds.schools.unnamed', { uai: school.uai }));
};

/**
 * The schools with a change, one line each with its counts per category; a held school says so, with
 * the share of its accounts that would leave. Each count opens the drill-down for that school.
 */
export function FeedSchools({ feed, onSee }: { feed: FeedViewData; onSee: (drill: DrillDown) => void }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const number = useNumber();
  const schoolName = useSchoolName();
  const categories = categoryCounts(feed.totals).filter(({ count }) => count > 0);
  return (
    <TableCard
      id="feed-schools"
      title={translate('sesame.feeds.schools.title')}
      intro={<Typography sx={{ mb: 1 }}>{translate('sesame.feeds.schools.intro', { max: percent(feed.maxLeaversPercent, locale) })}</Typography>}
      caption={translate('sesame.feeds.schools.caption')}
      head={[
        translate('sesame.feeds.schools.school'),
        translate('sesame.feeds.schools.accounts'),
        ...categories.map(({ category }) => translate(`sesame.feeds.short.${category}`)),
        translate('sesame.feeds.schools.leavers'),
      ]}
    >
      {feed.schools.length === 0 && (
        <TableRow>
          <TableCell colSpan={categories.length + 3}>{translate('sesame.feeds.schools.none')}</TableCell>
        </TableRow>
      )}
      {feed.schools.map((school) => (
        <TableRow key={school.uai} data-uai={school.uai} sx={school.held ? { bgcolor: (theme) => alpha(theme.palette.warning.main, 0.12) } : undefined}>
          <TableCell component="th" scope="row" sx={{ minWidth: 180 }}>
            {schoolName(school)}
          </TableCell>
          <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{number(school.accounts)}</TableCell>
          {categories.map(({ category }) => {
            const count = school.counts[category] ?? 0;
            return (
              <TableCell key={category} sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {count === 0 ? (
                  '0'
                ) : (
                  <Button
                    size="small"
                    sx={{ minWidth: 0, p: 0 }}
                    onClick={() => onSee({ category, uai: school.uai })}
                    aria-label={translate('sesame.feeds.schools.see', {
                      smart_count: count,
                      count: number(count),
                      category: translate(`sesame.feeds.categories.${category}`),
                      school: schoolName(school),
                    })}
                  >
                    {number(count)}
                  </Button>
                )}
              </TableCell>
            );
          })}
          <TableCell sx={{ minWidth: 160 }}>
            {school.held ? (
              <>
                <Chip size="small" color="warning" label={translate('sesame.feeds.schools.held')} sx={{ mr: 1 }} />
                <Typography variant="body2" component="span">
                  {translate('sesame.feeds.schools.heldSentence', { percent: percent(school.leaversPercent, locale) })}
                </Typography>
              </>
            ) : (
              percent(school.leaversPercent, locale)
            )}
          </TableCell>
        </TableRow>
      ))}
    </TableCard>
  );
}
