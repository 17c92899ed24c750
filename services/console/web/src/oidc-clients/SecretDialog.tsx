import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { CopyField } from './CopyField';
import type { OidcClientWithSecret } from './oidc-clients-api';

/**
 * The client id and, this once, the secret (after a registration or a new secret). Only its hash is
 * kept: the dialog says so plainly, and closes on its button or Escape only, not on a stray click.
 */
export function SecretDialog({ answer, onClose }: { answer: OidcClientWithSecret; onClose: () => void }) {
  const translate = useTranslate();
  const { client, clientSecret } = answer;
  const t = (key: string) => translate(`sesame.oidcClients.secret.${key}`);
  return (
    <Dialog open onClose={(_, reason) => reason !== 'backdropClick' && onClose()} aria-labelledby="oidc-secret-title" aria-describedby="oidc-secret-once" fullWidth maxWidth="sm">
      <DialogTitle id="oidc-secret-title">{translate('sesame.oidcClients.secret.title', { name: client.name })}</DialogTitle>
      <DialogContent>
        {clientSecret ? (
          <Alert severity="warning" id="oidc-secret-once" sx={{ mb: 2 }}>
            {t('once')}
          </Alert>
        ) : (
          <Typography id="oidc-secret-once" sx={{ mb: 2 }}>
            {t('none')}
          </Typography>
        )}
        <CopyField id="oidc-secret-client-id" label={translate('sesame.oidcClients.clientId')} value={client.clientId} copyLabel={t('copyClientId')} />
        {clientSecret && <CopyField id="oidc-secret-value" label={t('clientSecret')} value={clientSecret} copyLabel={t('copySecret')} />}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {t(clientSecret ? 'close' : 'closeNoSecret')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
