import { Alert, Box, Card, CardContent, Typography } from '@mui/material';
import { type ReactNode, useState } from 'react';
import { Link, ShowBase, Title, useGetIdentity, useGetOne, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { Me, Role } from '../common/roles';
import { AccountCalendar } from '../lifecycle/AccountCalendar';
import { AccountActionButtons } from './AccountActions';
import { DistributeThisAccount, type NewCredential } from './DistributeThisAccount';
import { formatDate } from './AccountList';
import { accountName, profileKey } from './labels';

interface AccountView {
  id: string;
  username: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  email: string | null;
  role: Role;
  profile: string | null;
  schools: Array<{ id: string; uai: string; name: string }>;
  schoolIds: string[];
  classes: Array<{ id: string; name: string }>;
  managedBy: string | null;
  externalId: string | null;
  activated: boolean;
  activatedAt: string | null;
  activationCode: string | null;
  activationCodeExpiresAt: string | null;
  deactivatedAt: string | null;
  preDeletedAt: string | null;
  deleteAfter: string | null;
  leftAt: string | null;
  createdAt: string;
  lastLoginAt: string | null;
  lastDistributedAt: string | null;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" sx={{ fontWeight: 600 }}>
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0 }}>
        {children || '—'}
      </Typography>
    </>
  );
}

function Manager({ id }: { id: string }) {
  const { data } = useGetOne('users', { id });
  return data ? <Link to={`/users/${id}/show`}>{accountName(data)}</Link> : null;
}

function AccountDetails() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { identity } = useGetIdentity();
  const account = useRecordContext<AccountView>();
  // Kept with the account it was given to: another account's page (a link to the manager) shows none.
  const [given, setGiven] = useState<{ id: string; credential: NewCredential }>();
  // Coming from the list, react-admin first shows the list's row (no schools): wait for the account.
  if (!account?.schools) return null;
  const me = identity as unknown as Me | undefined;
  const field = (key: string) => translate(`sesame.fields.${key}`);
  const date = (value: string | null) => formatDate(value, locale);
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={accountName(account)} />
      <CardContent>
        <Typography component="h2" variant="h5" gutterBottom>
          {accountName(account)}
        </Typography>
        {account.deactivatedAt && <Alert severity="warning" sx={{ mb: 2 }}>{translate('sesame.accounts.deactivatedSince', { date: date(account.deactivatedAt) })}</Alert>}
        {account.preDeletedAt && <Alert severity="warning" sx={{ mb: 2 }}>{translate('sesame.accounts.preDeletedUntil', { date: date(account.deleteAfter) })}</Alert>}
        {me && (
          <AccountActionButtons
            me={me}
            account={account}
            onDone={(action) => (action === 'newActivationCode' || action === 'setPassword') && setGiven({ id: account.id, credential: action })}
          />
        )}
        {given?.id === account.id && <DistributeThisAccount account={account} credential={given.credential} />}
        <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'minmax(180px, max-content) 1fr' }, columnGap: 3, rowGap: 1, mt: 2 }}>
          <Row label={field('username')}>{account.username}</Row>
          <Row label={field('lastName')}>{account.lastName}</Row>
          <Row label={field('firstName')}>{account.firstName}</Row>
          <Row label={field('displayName')}>{account.displayName}</Row>
          <Row label={field('profile')}>{translate(profileKey(account))}</Row>
          <Row label={field('email')}>{account.email}</Row>
          <Row label={field('schools')}>{account.schools.map((s) => `${s.name} (${s.uai})`).join(', ')}</Row>
          <Row label={field('classes')}>{account.classes.map((c) => c.name).join(', ')}</Row>
          {account.role === 'supervisor' && <Row label={field('managedBy')}>{account.managedBy && <Manager id={account.managedBy} />}</Row>}
          <Row label={field('status')}>{translate(account.activated ? (account.activatedAt ? 'sesame.accounts.activatedOn' : 'sesame.accounts.status.activated') : 'sesame.accounts.status.notActivated', { date: date(account.activatedAt) })}</Row>
          {!account.activated && (
            <Row label={field('activationCode')}>
              {account.activationCode && (
                <>
                  <Box component="code" sx={{ fontSize: '1.1em' }}>
                    {account.activationCode}
                  </Box>{' '}
                  {account.activationCodeExpiresAt && translate('sesame.accounts.codeValidUntil', { date: date(account.activationCodeExpiresAt) })}
                </>
              )}
            </Row>
          )}
          <Row label={field('createdAt')}>{date(account.createdAt)}</Row>
          <Row label={field('lastLoginAt')}>{date(account.lastLoginAt) || translate('sesame.accounts.never')}</Row>
          <Row label={field('lastDistributedAt')}>{date(account.lastDistributedAt) || translate('sesame.accounts.never')}</Row>
          {account.externalId && <Row label={field('externalId')}>{account.externalId}</Row>}
        </Box>
        {me && <AccountCalendar me={me} account={account} />}
      </CardContent>
    </Card>
  );
}

/** One account, read-only, with the actions the user's role allows. */
export function AccountShow() {
  return (
    <ShowBase>
      <AccountDetails />
    </ShowBase>
  );
}
