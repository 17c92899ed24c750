import { Alert, Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link, Title, useNotify, useTranslate } from 'react-admin';
import { useNavigate, useParams } from 'react-router-dom';
import { ConfirmDialog } from './ConfirmDialog';
import { OidcClientForm } from './OidcClientForm';
import { type OidcClientView, clientPatch, formValuesOf } from './oidc-client.rules';
import { type OidcClientWithSecret, oidcClientsApi } from './oidc-clients-api';
import { SecretDialog } from './SecretDialog';

type Asked = 'rotate' | 'remove' | undefined;

/** A new secret (the old one stops at once) and the deletion, each after a confirmation. */
function DangerZone({ client, onRotated }: { client: OidcClientView; onRotated: (answer: OidcClientWithSecret) => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const [asked, setAsked] = useState<Asked>();
  const t = (name: string) => translate(`sesame.oidcClients.${name}`, { name: client.name });
  const failed = (failure: unknown) => {
    const text = (failure as Error).message;
    notify(text, { type: 'error', messageArgs: { _: text } });
  };
  const rotate = async () => {
    try {
      const answer = await oidcClientsApi.rotateSecret(client.clientId);
      setAsked(undefined);
      onRotated(answer);
    } catch (failure) {
      failed(failure);
    }
  };
  const remove = async () => {
    try {
      await oidcClientsApi.remove(client.clientId);
      notify('sesame.oidcClients.remove.done', { type: 'success', messageArgs: { name: client.name } });
      navigate('/oidc-clients');
    } catch (failure) {
      failed(failure);
    }
  };
  return (
    <>
      {client.hasSecret && (
        <Card component="section" aria-labelledby="oidc-rotate-title" sx={{ mt: 2 }}>
          <CardContent>
            <Typography id="oidc-rotate-title" component="h2" variant="h6" gutterBottom>
              {t('rotate.heading')}
            </Typography>
            <Typography sx={{ mb: 2 }}>{t('rotate.intro')}</Typography>
            <Button variant="outlined" color="warning" onClick={() => setAsked('rotate')}>
              {t('rotate.button')}
            </Button>
          </CardContent>
        </Card>
      )}
      <Card component="section" aria-labelledby="oidc-remove-title" sx={{ mt: 2 }}>
        <CardContent>
          <Typography id="oidc-remove-title" component="h2" variant="h6" gutterBottom>
            {t('remove.heading')}
          </Typography>
          <Typography sx={{ mb: 2 }}>{t('remove.intro')}</Typography>
          <Button variant="outlined" color="error" onClick={() => setAsked('remove')}>
            {t('remove.button')}
          </Button>
        </CardContent>
      </Card>
      {asked === 'rotate' && <ConfirmDialog id="oidc-rotate-confirm" title={t('rotate.title')} text={t('rotate.text')} confirm={t('rotate.confirm')} onCancel={() => setAsked(undefined)} onConfirm={rotate} />}
      {asked === 'remove' && <ConfirmDialog id="oidc-remove-confirm" title={t('remove.title')} text={t('remove.text')} confirm={t('remove.confirm')} onCancel={() => setAsked(undefined)} onConfirm={remove} />}
    </>
  );
}

/** A registered tool (/oidc-clients/:clientId): its settings, a new secret, its deletion. */
export function OidcClientEdit() {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const { clientId = '' } = useParams();
  const [client, setClient] = useState<OidcClientView>();
  const [failure, setFailure] = useState<string>();
  const [secret, setSecret] = useState<OidcClientWithSecret>();
  useEffect(() => {
    let current = true;
    oidcClientsApi.get(clientId).then(
      (answer) => current && setClient(answer),
      (error: Error) => current && setFailure(error.message),
    );
    return () => {
      current = false;
    };
  }, [clientId]);
  const title = client ? translate('sesame.oidcClients.edit.title', { name: client.name }) : translate('sesame.sections.oidcClients');
  return (
    <Box sx={{ maxWidth: 1040 }}>
      <Title title={title} />
      {failure && (
        <Alert severity="error" sx={{ mt: 2 }} action={<Button component={Link} to="/oidc-clients">{translate('sesame.oidcClients.edit.back')}</Button>}>
          {translate(failure, { _: failure })}
        </Alert>
      )}
      {client?.builtIn && <Alert severity="info" sx={{ mt: 2 }}>{translate('sesame.oidcClients.edit.builtIn')}</Alert>}
      {client && !client.builtIn && (
        <>
          <Card component="section" aria-labelledby="oidc-edit-title" sx={{ mt: 2 }}>
            <CardContent>
              <Typography id="oidc-edit-title" component="h2" variant="h5" gutterBottom>
                {translate('sesame.oidcClients.edit.heading')}
              </Typography>
              <Typography sx={{ mb: 2 }}>{translate('sesame.oidcClients.edit.clientId', { clientId: client.clientId })}</Typography>
              <OidcClientForm
                key={client.updatedAt}
                defaultValues={formValuesOf(client)}
                fixedKind={client.kind}
                submitLabel={translate('sesame.oidcClients.edit.submit')}
                onSubmit={async (values) => {
                  const saved = await oidcClientsApi.update(client.clientId, clientPatch(values, client));
                  notify('sesame.oidcClients.edit.done', { type: 'success', messageArgs: { name: saved.name } });
                  navigate('/oidc-clients');
                }}
              />
            </CardContent>
          </Card>
          <DangerZone client={client} onRotated={setSecret} />
        </>
      )}
      {secret && <SecretDialog answer={secret} onClose={() => setSecret(undefined)} />}
    </Box>
  );
}
