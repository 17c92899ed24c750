import EmailIcon from '@mui/icons-material/Email';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { usePermissions, useTranslate } from 'react-admin';
import { type Role, can } from '../common/roles';
import type { CampaignSelection } from '../distribution/campaign-selection';
import { DistributeDialog } from '../distribution/DistributeDialog';
import { accountName } from './labels';

/** What was just given to the account, that its holder must now receive. */
export type NewCredential = 'newActivationCode' | 'setPassword';

/**
 * Right after a new activation code or password, on the account's page: its letter or its email,
 * for this account alone (the selection's `ids`).
 */
export function DistributeThisAccount({
  account,
  credential,
}: {
  account: { id: string; username: string; displayName?: string | null; email: string | null; preDeletedAt: string | null };
  credential: NewCredential;
}) {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const [channel, setChannel] = useState<'pdf' | 'email'>();
  if (!can.distribute(role)) return null;
  // A selection leaves pre-deleted accounts out unless told: this one is chosen, whatever its state.
  const chosen = { ...(account.preDeletedAt ? { preDeleted: 'include' } : {}) };
  const selection: CampaignSelection = { filter: { ids: [account.id], ...chosen }, sort: 'name' };
  const name = accountName(account);
  return (
    <Alert severity="info" role="status" sx={{ my: 2 }}>
      <Typography>{translate(`sesame.actions.distributeOne.${credential}`, { name })}</Typography>
      {!account.email && <Typography>{translate('sesame.actions.distributeOne.noEmail')}</Typography>}
      <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 1, flexWrap: 'wrap' }}>
        <Button variant="contained" startIcon={<PictureAsPdfIcon />} onClick={() => setChannel('pdf')}>
          {translate('sesame.actions.distributeOne.print')}
        </Button>
        <Button variant="outlined" startIcon={<EmailIcon />} onClick={() => setChannel('email')} disabled={!account.email}>
          {translate('sesame.actions.distributeOne.email')}
        </Button>
      </Stack>
      {channel && (
        <DistributeDialog
          channel={channel}
          selection={selection}
          onClose={() => setChannel(undefined)}
        />
      )}
    </Alert>
  );
}
