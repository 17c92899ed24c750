import { Box, Card, CardContent, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { Link, ShowBase, Title, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { CampaignView } from './campaigns-api';
import { DownloadButton } from './DownloadButton';
import { STATUS_COLOR, channelKey, formatDateTime, isActive, launcherName, stateSentence } from './labels';
import { campaignTallies } from './outcomes';
import { RecipientList } from './RecipientList';
import { SelectionDescription } from './SelectionDescription';

/** The campaign's progress: a bar while it runs, its state in a sentence read out as it changes. */
function Progress({ campaign }: { campaign: CampaignView }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const percent = Math.round(campaign.progress * 100);
  const label = translate('sesame.campaigns.progressLabel');
  return (
    <Box sx={{ my: 2 }}>
      <Typography role="status" aria-live="polite" data-testid="campaign-state">
        {stateSentence(translate, campaign, locale)}
      </Typography>
      {campaign.status !== 'failed' && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 1 }}>
          <LinearProgress
            variant={campaign.status === 'preparing' ? 'indeterminate' : 'determinate'}
            value={percent}
            aria-label={label}
            aria-valuetext={campaign.status === 'preparing' ? translate('sesame.campaigns.state.preparing') : translate('sesame.campaigns.percent', { percent })}
            // An ended campaign's bar is drawn full at once, not filled from zero.
            sx={{ flex: 1, height: 10, borderRadius: 5, '& .MuiLinearProgress-bar': isActive(campaign) ? {} : { transition: 'none' } }}
          />
          <Typography aria-hidden sx={{ minWidth: 48, textAlign: 'right' }}>
            {campaign.status === 'preparing' ? '' : `${percent} %`}
          </Typography>
        </Stack>
      )}
    </Box>
  );
}

function CampaignDetails() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const campaign = useRecordContext<CampaignView>();
  if (!campaign) return null;
  const when = formatDateTime(campaign.createdAt, locale);
  return (
    <>
      <Title title={translate('sesame.campaigns.title', { date: when })} />
      <Card sx={{ mt: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography component="h2" variant="h5" sx={{ mr: 1 }}>
              {translate(channelKey(campaign))}
            </Typography>
            <Chip size="small" variant="outlined" color={STATUS_COLOR[campaign.status]} label={translate(`sesame.campaigns.status.${campaign.status}`)} />
          </Stack>
          <Typography sx={{ mt: 1 }}>
            {translate('sesame.campaigns.launchedBy', {
              name: launcherName(campaign),
              date: when,
              language: translate(`sesame.distribution.languageIn.${campaign.locale}`),
            })}
            {campaign.finishedAt ? ` ${translate('sesame.campaigns.finishedAt', { date: formatDateTime(campaign.finishedAt, locale) })}` : ''}
          </Typography>
          <Progress campaign={campaign} />
          <Box component="ul" sx={{ my: 1, pl: 3 }} aria-label={translate('sesame.campaigns.tallies')}>
            {campaignTallies(campaign).map((tally) => (
              <li key={tally.key}>
                <Typography>{translate(`sesame.campaigns.counts.${tally.key}`, { ...tally.args, count: Number(tally.args.smart_count).toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR') })}</Typography>
              </li>
            ))}
          </Box>
          <DownloadButton campaign={campaign} />
        </CardContent>
      </Card>
      <Card sx={{ mt: 2 }}>
        <CardContent>
          <SelectionDescription campaign={campaign} />
        </CardContent>
      </Card>
      <RecipientList campaign={campaign} />
      <Typography sx={{ mt: 2 }}>
        <Link to="/campaigns">{translate('sesame.campaigns.back')}</Link>
      </Typography>
    </>
  );
}

/** One campaign (GET /campaigns/:id), asked again every second until it has ended. */
export function CampaignShow() {
  return (
    <ShowBase resource="campaigns" queryOptions={{ refetchInterval: (query) => (isActive(query.state.data as CampaignView | undefined) ? 1000 : false) }}>
      <CampaignDetails />
    </ShowBase>
  );
}
