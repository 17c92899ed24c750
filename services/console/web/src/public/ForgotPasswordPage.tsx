import { Alert, Button, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, TextInput, required, useTranslate } from 'react-admin';
import { PUBLIC_PAGES } from '../common/public-pages';
import { PublicPage } from '../common/PublicPage';
import { useSubmit } from '../common/useSubmit';
import { api } from '../providers/http';

/**
 * Asking for a reset link. The answer is the gateway's, the same whatever the login (SPEC §3): it
 * never tells whether the account exists.
 */
export function ForgotPasswordPage() {
  const translate = useTranslate();
  const [answer, setAnswer] = useState<string>();
  const { submit, error } = useSubmit(async (values: { username: string }) => {
    const accepted = await api<{ message: string }>('POST', '/auth/password/forgot', { username: values.username });
    setAnswer(accepted.message);
  }, ['username']);

  return (
    <PublicPage
      title={translate('sesame.forgot.title')}
      links={[
        { to: '/login', label: translate('sesame.links.login') },
        { to: PUBLIC_PAGES.activate, label: translate('sesame.login.activate') },
      ]}
    >
      {answer ? (
        <Alert severity="info" role="status">
          {answer}
        </Alert>
      ) : (
        <>
          <Typography sx={{ mb: 1 }}>{translate('sesame.forgot.intro')}</Typography>
          <Typography sx={{ mb: 2 }}>{translate('sesame.forgot.noEmail')}</Typography>
          <Form mode="onChange" onSubmit={submit} noValidate disableInvalidFormNotification>
            {error}
            <TextInput source="username" label={translate('sesame.fields.username')} autoComplete="username" autoFocus validate={required()} fullWidth />
            <Button type="submit" variant="contained">
              {translate('sesame.forgot.submit')}
            </Button>
          </Form>
        </>
      )}
    </PublicPage>
  );
}
