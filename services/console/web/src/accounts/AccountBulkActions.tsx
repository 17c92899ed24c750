import EmailIcon from '@mui/icons-material/Email';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import { Button, Typography } from '@mui/material';
import { useState } from 'react';
import { useListContext, useTranslate } from 'react-admin';
import { campaignSelection } from '../distribution/campaign-selection';
import { DistributeDialog } from '../distribution/DistributeDialog';
import { MAX_CHOSEN, chosenFilter } from './selection';

/**
 * Printing or sending for a few people ticked in the list: the same dialog as for the whole
 * selection, for these accounts only (`filter.ids`), still within the list's filters and order.
 */
export function AccountBulkActions() {
  const translate = useTranslate();
  const { selectedIds, filterValues, sort } = useListContext();
  const [channel, setChannel] = useState<'pdf' | 'email'>();
  const tooMany = selectedIds.length > MAX_CHOSEN;
  const selection = campaignSelection(chosenFilter(filterValues, selectedIds), sort.field);
  return (
    <>
      {tooMany && (
        <Typography role="status" variant="body2" sx={{ mr: 1 }}>
          {translate('sesame.accounts.bulk.tooMany', { max: MAX_CHOSEN })}
        </Typography>
      )}
      <Button size="small" startIcon={<PictureAsPdfIcon />} onClick={() => setChannel('pdf')} disabled={tooMany}>
        {translate('sesame.accounts.bulk.pdf')}
      </Button>
      <Button size="small" startIcon={<EmailIcon />} onClick={() => setChannel('email')} disabled={tooMany}>
        {translate('sesame.accounts.bulk.email')}
      </Button>
      {channel && (
        <DistributeDialog
          channel={channel}
          selection={selection}
          onClose={() => setChannel(undefined)}
        />
      )}
    </>
  );
}
