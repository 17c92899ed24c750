import { Alert, Stack, Typography } from '@mui/material';
import { usePermissions, useTranslate } from 'react-admin';
import { type Role, can } from '../common/roles';
import type { CampaignSelection } from '../distribution/campaign-selection';
import { ChannelButtons } from '../distribution/ChannelButtons';
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
        <ChannelButtons
          selection={selection}
          labels={{ pdf: translate('sesame.actions.distributeOne.print'), email: translate('sesame.actions.distributeOne.email') }}
          disabled={{ email: !account.email }}
          buttons={{ pdf: { variant: 'contained' }, email: { variant: 'outlined' } }}
        />
      </Stack>
    </Alert>
  );
}
