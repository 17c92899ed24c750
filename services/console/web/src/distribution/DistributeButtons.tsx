import EmailIcon from '@mui/icons-material/Email';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import { Button } from '@mui/material';
import { useState } from 'react';
import { useListContext, usePermissions, useTranslate } from 'react-admin';
import { type Role, can } from '../common/roles';
import { campaignSelection } from './campaign-selection';
import { DistributeDialog } from './DistributeDialog';

/**
 * The ENT's step 3, on the accounts list itself: what is distributed is exactly the selection the
 * list shows (its filters and its order), checked by the user in step 2.
 */
export function DistributeButtons() {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const { filterValues, sort, total, isPending } = useListContext();
  const [channel, setChannel] = useState<'pdf' | 'email'>();
  if (!can.distribute(role)) return null;
  const empty = isPending || !total;
  return (
    <>
      <Button startIcon={<PictureAsPdfIcon />} onClick={() => setChannel('pdf')} disabled={empty}>
        {translate('sesame.distribution.pdfButton')}
      </Button>
      <Button startIcon={<EmailIcon />} onClick={() => setChannel('email')} disabled={empty}>
        {translate('sesame.distribution.emailButton')}
      </Button>
      {channel && (
        <DistributeDialog channel={channel} selection={campaignSelection(filterValues, sort.field)} onClose={() => setChannel(undefined)} />
      )}
    </>
  );
}
