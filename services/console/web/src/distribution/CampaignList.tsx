import { Alert, Box, Button as MuiButton, Chip, Typography } from '@mui/material';
import { DataTable, Link, useLocaleState, useTranslate } from 'react-admin';
import { HistoryList } from '../common/HistoryList';
import type { CampaignView } from './campaigns-api';
import { DownloadButton } from './DownloadButton';
import { STATUS_COLOR, channelKey, formatDateTime, isActive, launcherName, stateSentence } from './labels';

/** How to start a distribution: from the accounts list, once the selection is checked. */
function HowTo() {
  const translate = useTranslate();
  return (
    <Alert severity="info" sx={{ mt: 2 }}>
      {translate('sesame.campaigns.howTo')}
      <Box sx={{ mt: 1 }}>
        <MuiButton component={Link} to="/users" variant="outlined" size="small">
          {translate('sesame.campaigns.chooseAccounts')}
        </MuiButton>
      </Box>
    </Alert>
  );
}

/** The campaigns one may read, newest first (GET /campaigns): who, when, how, and the outcome. */
export function CampaignList() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const col = (key: string) => translate(`sesame.campaigns.columns.${key}`);
  return (
    <>
      <HowTo />
      <HistoryList<CampaignView>
        resource="campaigns"
        title={translate('sesame.sections.distribution')}
        heading={translate('sesame.campaigns.history')}
        none={translate('sesame.campaigns.none')}
        // Campaigns still running are followed until they end.
        isActive={isActive}
      >
          <DataTable.Col
            label={col('createdAt')}
            disableSort
            render={(campaign: CampaignView) => (
              <>
                <Link to={`/campaigns/${campaign.id}/show`}>{formatDateTime(campaign.createdAt, locale)}</Link>
                <Typography variant="body2">{translate('sesame.campaigns.by', { username: launcherName(campaign) })}</Typography>
              </>
            )}
          />
          <DataTable.Col
            label={col('channel')}
            disableSort
            cellSx={() => ({ minWidth: 150 })}
            render={(campaign: CampaignView) => (
              <>
                {translate(channelKey(campaign))}
                <Typography variant="body2">{translate(`sesame.distribution.languages.${campaign.locale}`)}</Typography>
              </>
            )}
          />
          <DataTable.Col
            label={col('status')}
            disableSort
            render={(campaign: CampaignView) => <Chip size="small" variant="outlined" color={STATUS_COLOR[campaign.status]} label={translate(`sesame.campaigns.status.${campaign.status}`)} />}
          />
          <DataTable.Col
            label={col('outcome')}
            disableSort
            // Sentences: wide enough to read at tablet widths (the table scrolls sideways).
            cellSx={() => ({ minWidth: 220 })}
            render={(campaign: CampaignView) => stateSentence(translate, campaign, locale)}
          />
          <DataTable.Col label={col('document')} disableSort render={(campaign: CampaignView) => <DownloadButton campaign={campaign} compact />} />
      </HistoryList>
    </>
  );
}
