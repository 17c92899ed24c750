import { Typography } from '@mui/material';
import { useListContext, useTranslate } from 'react-admin';
import { campaignSelection } from '../distribution/campaign-selection';
import { ChannelButtons } from '../distribution/ChannelButtons';
import { MAX_CHOSEN, chosenFilter } from './selection';

/**
 * Printing or sending for a few people ticked in the list: the same dialog as for the whole
 * selection, for these accounts only (`filter.ids`), still within the list's filters and order.
 */
export function AccountBulkActions() {
  const translate = useTranslate();
  const { selectedIds, filterValues, sort } = useListContext();
  const tooMany = selectedIds.length > MAX_CHOSEN;
  return (
    <>
      {tooMany && (
        <Typography role="status" variant="body2" sx={{ mr: 1 }}>
          {translate('sesame.accounts.bulk.tooMany', { max: MAX_CHOSEN })}
        </Typography>
      )}
      <ChannelButtons
        selection={campaignSelection(chosenFilter(filterValues, selectedIds), sort.field)}
        labels={{ pdf: translate('sesame.accounts.bulk.pdf'), email: translate('sesame.accounts.bulk.email') }}
        disabled={{ pdf: tooMany, email: tooMany }}
        buttons={{ pdf: { size: 'small' }, email: { size: 'small' } }}
      />
    </>
  );
}
