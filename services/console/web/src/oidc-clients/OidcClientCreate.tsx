import { Box, Card, CardContent, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { ProviderAddresses } from './OidcClientList';
import { OidcClientForm } from './OidcClientForm';
import { NEW_CLIENT, creationBody } from './oidc-client.rules';
import { type OidcClientWithSecret, oidcClientsApi } from './oidc-clients-api';
import { SecretDialog } from './SecretDialog';

/** Registering a tool (/oidc-clients/create): its id and secret are shown once, then the list. */
export function OidcClientCreate() {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const [created, setCreated] = useState<OidcClientWithSecret>();
  return (
    <Box sx={{ maxWidth: 1040 }}>
      <Title title={translate('sesame.oidcClients.create.title')} />
      <Card component="section" aria-labelledby="oidc-create-title" sx={{ mt: 2 }}>
        <CardContent>
          <Typography id="oidc-create-title" component="h2" variant="h5" gutterBottom>
            {translate('sesame.oidcClients.create.heading')}
          </Typography>
          <Typography sx={{ mb: 2 }}>{translate('sesame.oidcClients.create.intro')}</Typography>
          <OidcClientForm
            defaultValues={NEW_CLIENT}
            submitLabel={translate('sesame.oidcClients.create.submit')}
            onSubmit={async (values) => {
              const answer = await oidcClientsApi.create(creationBody(values));
              notify('sesame.oidcClients.create.done', { type: 'success', messageArgs: { name: answer.client.name } });
              setCreated(answer);
            }}
          />
        </CardContent>
      </Card>
      <ProviderAddresses />
      {created && <SecretDialog answer={created} onClose={() => navigate('/oidc-clients')} />}
    </Box>
  );
}
