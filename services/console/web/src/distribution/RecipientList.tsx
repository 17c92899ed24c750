import { Box, Card, CardContent, MenuItem, TextField, Typography } from '@mui/material';
import { DataTable, ListBase, Pagination, useListContext, useLocaleState, useTranslate } from 'react-admin';
import type { CampaignView, RecipientView } from './campaigns-api';
import { formatDateTime, isActive } from './labels';
import { recipientOutcome } from './outcomes';

const STATUSES = ['printed', 'sent', 'skipped', 'failed', 'uncertain', 'pending', 'claimed'] as const;

/** Shows one status only (the failures, the uncertain ones…) or all of them. */
function StatusFilter() {
  const translate = useTranslate();
  const { filterValues, setFilters } = useListContext();
  return (
    <TextField
      select
      label={translate('sesame.recipients.filter')}
      value={filterValues.status ?? ''}
      onChange={(event) => setFilters({ ...filterValues, status: event.target.value || undefined })}
      sx={{ width: 320, maxWidth: '100%', my: 1 }}
    >
      <MenuItem value="">{translate('sesame.recipients.all')}</MenuItem>
      {STATUSES.map((status) => (
        <MenuItem key={status} value={status}>
          {translate(`sesame.recipients.statuses.${status}`)}
        </MenuItem>
      ))}
    </TextField>
  );
}

function Outcome({ recipient }: { recipient: RecipientView }) {
  const translate = useTranslate();
  const outcome = recipientOutcome(recipient);
  return <>{translate(`sesame.recipients.${outcome.key}`, outcome.args)}</>;
}

/** What became of each account of the campaign, in letter order (GET /campaigns/:id/recipients). */
export function RecipientList({ campaign }: { campaign: CampaignView }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const col = (key: string) => translate(`sesame.recipients.columns.${key}`);
  return (
    <Card component="section" aria-labelledby="campaign-recipients" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="campaign-recipients" component="h2" variant="h6">
          {translate('sesame.recipients.title')}
        </Typography>
        <ListBase
          // A new status refetches the page: recipients change while the campaign runs.
          key={campaign.status}
          resource="campaignRecipients"
          filter={{ campaignId: campaign.id }}
          perPage={50}
          disableSyncWithLocation
          storeKey={false}
          queryOptions={{ refetchInterval: isActive(campaign) ? 2000 : false }}
        >
          <StatusFilter />
          <Box sx={{ overflowX: 'auto' }}>
            <DataTable rowClick={false} bulkActionButtons={false} empty={<Typography sx={{ py: 2 }}>{translate('sesame.recipients.none')}</Typography>}>
              <DataTable.Col label={col('account')} disableSort render={(r: RecipientView) => (r.displayName && r.displayName !== r.username ? `${r.displayName} (${r.username})` : r.username)} />
              <DataTable.Col label={col('class')} disableSort render={(r: RecipientView) => r.className ?? translate('sesame.recipients.noClass')} />
              {campaign.channel === 'email' && <DataTable.Col label={col('email')} disableSort render={(r: RecipientView) => r.email ?? ''} />}
              <DataTable.Col label={col('outcome')} disableSort cellSx={() => ({ minWidth: 220 })} render={(r: RecipientView) => <Outcome recipient={r} />} />
              <DataTable.Col label={col('at')} disableSort render={(r: RecipientView) => formatDateTime(r.at, locale)} />
            </DataTable>
          </Box>
          <Pagination rowsPerPageOptions={[25, 50, 100, 200]} />
        </ListBase>
      </CardContent>
    </Card>
  );
}
