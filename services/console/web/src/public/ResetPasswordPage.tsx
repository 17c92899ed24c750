import { Alert, Button, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, Link, useLocation, useTranslate } from 'react-admin';
import { NewPasswordFields } from '../common/PasswordFields';
import { PUBLIC_PAGES } from '../common/public-pages';
import { PublicPage } from '../common/PublicPage';
import { useSubmit } from '../common/useSubmit';
import { api } from '../providers/http';

/** The page of the emailed reset link (`?token=`, single use, 30 minutes). */
export function ResetPasswordPage() {
  const translate = useTranslate();
  const search = new URLSearchParams(useLocation().search);
  const token = search.get('token') ?? '';
  const [done, setDone] = useState(false);
  const { submit, error } = useSubmit(async (values: { password: string }) => {
    await api('POST', '/auth/password/reset', { token, password: values.password });
    setDone(true);
  }, ['password', 'passwordConfirmation']);
  const links = [
    { to: '/login', label: translate('sesame.links.login') },
    { to: PUBLIC_PAGES.passwordForgot, label: translate('sesame.reset.again') },
  ];

  if (done) {
    return (
      <PublicPage title={translate('sesame.reset.title')}>
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {translate('sesame.reset.done')}
        </Alert>
        <Button component={Link} to="/login" variant="contained">
          {translate('sesame.login.submit')}
        </Button>
      </PublicPage>
    );
  }
  return (
    <PublicPage title={translate('sesame.reset.title')} links={links}>
      {token.length < 10 ? (
        <Alert severity="warning">{translate('sesame.reset.noToken')}</Alert>
      ) : (
        <>
          <Typography sx={{ mb: 2 }}>{translate('sesame.reset.intro')}</Typography>
          <Form mode="onChange" onSubmit={submit} noValidate disableInvalidFormNotification>
            {error}
            {/* The login is unknown here: the API checks that the password does not contain it. */}
            <NewPasswordFields usernameOf={() => ''} />
            <Button type="submit" variant="contained" sx={{ mt: 1 }}>
              {translate('sesame.reset.submit')}
            </Button>
          </Form>
        </>
      )}
    </PublicPage>
  );
}
