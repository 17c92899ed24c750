import AddIcon from '@mui/icons-material/Add';
import { Alert, Box, Button, Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link, Title, useTranslate } from 'react-admin';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';
import { PROFILES } from '../accounts/labels';
import { CopyField } from './CopyField';
import { type OidcClientView, providerAddresses, signsPeopleIn } from './oidc-client.rules';
import { oidcClientsApi } from './oidc-clients-api';

const COLUMNS = ['name', 'kind', 'scopes', 'users', 'consent'] as const;

/** The addresses a tool is configured with: the issuer, and the discovery document that lists the rest. */
export function ProviderAddresses() {
  const translate = useTranslate();
  const { issuer, discovery } = providerAddresses(window.location.origin);
  return (
    <Card component="section" aria-labelledby="oidc-addresses-title" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="oidc-addresses-title" component="h2" variant="h6" gutterBottom>
          {translate('sesame.oidcClients.addresses.heading')}
        </Typography>
        <Typography sx={{ mb: 1 }}>{translate('sesame.oidcClients.addresses.intro')}</Typography>
        <CopyField id="oidc-discovery" label={translate('sesame.oidcClients.addresses.discovery')} value={discovery} copyLabel={translate('sesame.oidcClients.addresses.copyDiscovery')} />
        <CopyField id="oidc-issuer" label={translate('sesame.oidcClients.addresses.issuer')} value={issuer} copyLabel={translate('sesame.oidcClients.addresses.copyIssuer')} />
      </CardContent>
    </Card>
  );
}

/** « Élève, Parent — Collège Victor-Hugo (0750001U) »: profiles, then schools; none chosen is everybody. */
function Users({ client, schoolName }: { client: OidcClientView; schoolName: (id: string) => string }) {
  const translate = useTranslate();
  const t = (name: string) => translate(`sesame.oidcClients.list.${name}`);
  if (!signsPeopleIn(client.kind)) return <>{t('noUsers')}</>;
  const profiles = PROFILES.filter((profile) => client.allowedProfiles.includes(profile)).map((profile) => translate(`sesame.profiles.${profile}`));
  return (
    <>
      <Typography variant="body2">{profiles.length ? profiles.join(', ') : t('allProfiles')}</Typography>
      <Typography variant="body2">{client.allowedSchoolIds.length ? client.allowedSchoolIds.map(schoolName).join(', ') : t('everyone')}</Typography>
    </>
  );
}

function ClientRow({ client, schoolName }: { client: OidcClientView; schoolName: (id: string) => string }) {
  const translate = useTranslate();
  return (
    <TableRow data-client={client.clientId}>
      <TableCell component="th" scope="row">
        {client.builtIn ? (
          <>
            {client.name}
            <Typography variant="body2" color="text.secondary">
              {translate('sesame.oidcClients.list.builtIn')}
            </Typography>
          </>
        ) : (
          <Link to={`/oidc-clients/${encodeURIComponent(client.clientId)}`}>{client.name}</Link>
        )}
      </TableCell>
      <TableCell>{translate(`sesame.oidcClients.kinds.${client.kind}`)}</TableCell>
      <TableCell sx={{ overflowWrap: 'anywhere' }}>{client.scopes.join(', ')}</TableCell>
      <TableCell>
        <Users client={client} schoolName={schoolName} />
      </TableCell>
      <TableCell>{translate(`sesame.oidcClients.list.${signsPeopleIn(client.kind) && client.consentRequired ? 'yes' : 'no'}`)}</TableCell>
    </TableRow>
  );
}

/**
 * « Applications connectées » (/oidc-clients, the manager's): the tools that sign their users in with
 * Sesame, or call it on their own behalf, and the addresses to configure them with.
 */
export function OidcClientList() {
  const translate = useTranslate();
  const { schools } = useSchoolChoices();
  const [clients, setClients] = useState<OidcClientView[]>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let current = true;
    oidcClientsApi.list().then(
      (answer) => current && setClients(answer.items),
      (error: Error) => current && setFailure(error.message),
    );
    return () => {
      current = false;
    };
  }, []);
  const schoolName = (id: string) => {
    const school = schools.find((candidate) => candidate.id === id);
    return school ? schoolLabel(school) : id;
  };
  return (
    <Box sx={{ maxWidth: 1040 }}>
      <Title title={translate('sesame.sections.oidcClients')} />
      <Card component="section" aria-labelledby="oidc-clients-title" sx={{ mt: 2 }}>
        <CardContent>
          <Typography id="oidc-clients-title" component="h2" variant="h5" gutterBottom>
            {translate('sesame.oidcClients.list.heading')}
          </Typography>
          <Typography sx={{ mb: 2 }}>{translate('sesame.oidcClients.intro')}</Typography>
          <Button component={Link} to="/oidc-clients/create" variant="contained" startIcon={<AddIcon />} sx={{ mb: 2 }}>
            {translate('sesame.oidcClients.list.create')}
          </Button>
          {failure && <Alert severity="error">{translate(failure, { _: failure })}</Alert>}
          {clients && clients.length === 0 && <Typography>{translate('sesame.oidcClients.list.none')}</Typography>}
          {clients && clients.length > 0 && (
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small" sx={{ '& caption': { captionSide: 'top', textAlign: 'left', px: 0, pt: 0 } }}>
                <Box component="caption">{translate('sesame.oidcClients.list.caption')}</Box>
                <TableHead>
                  <TableRow>
                    {COLUMNS.map((column) => (
                      <TableCell key={column} component="th" scope="col">
                        {translate(`sesame.oidcClients.list.columns.${column}`)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {clients.map((client) => (
                    <ClientRow key={client.clientId} client={client} schoolName={schoolName} />
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </CardContent>
      </Card>
      <ProviderAddresses />
    </Box>
  );
}
