import { Alert, Button, CircularProgress } from '@mui/material';
import { useState } from 'react';
import { Form, Navigate, PasswordInput, TextInput, required, useLocation, useLogin, useTranslate } from 'react-admin';
import { PUBLIC_PAGES } from '../common/public-pages';
import { PublicPage } from '../common/PublicPage';
import { session } from '../providers/http';

/**
 * Sign-in: the gateway's own sentence when refused (wrong password, deactivated, throttled). After a
 * session ended, it says so; signing in again leads back to the page the person was on (react-admin
 * keeps it in the location's state).
 */
export function LoginPage() {
  const translate = useTranslate();
  const login = useLogin();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const location = useLocation();
  const prefilled = new URLSearchParams(location.search).get('login') ?? '';
  // Read once: the notice stays while the person signs in again, whatever they type.
  const [ended] = useState(session.ended);

  const submit = async (values: Record<string, unknown>) => {
    setPending(true);
    setError(undefined);
    try {
      await login({ username: values.username, password: values.password });
    } catch (failure) {
      setError(translate((failure as Error).message || 'ra.auth.sign_in_error', { _: (failure as Error).message }));
      setPending(false);
    }
  };

  if (session.token() && !pending) return <Navigate to="/" replace />;
  return (
    <PublicPage
      title={translate('sesame.login.title')}
      links={[
        { to: PUBLIC_PAGES.passwordForgot, label: translate('sesame.login.forgot') },
        { to: PUBLIC_PAGES.activate, label: translate('sesame.login.activate') },
      ]}
    >
      <Form mode="onChange" onSubmit={submit} defaultValues={{ username: prefilled }} noValidate>
        {ended && !error && (
          <Alert severity="warning" role="status" sx={{ mb: 2 }}>
            {translate('sesame.auth.sessionEnded')}
            {location.state?.nextPathname && location.state.nextPathname !== '/' ? ` ${translate('sesame.auth.backWhereYouWere')}` : ''}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <TextInput source="username" label={translate('sesame.fields.username')} autoComplete="username" autoFocus={!prefilled} validate={required()} fullWidth />
        <PasswordInput source="password" label={translate('sesame.fields.password')} autoComplete="current-password" autoFocus={!!prefilled} validate={required()} fullWidth />
        <Button type="submit" variant="contained" disabled={pending} fullWidth sx={{ mt: 1 }}>
          {pending ? <CircularProgress size={20} aria-label={translate('sesame.pending')} /> : translate('sesame.login.submit')}
        </Button>
      </Form>
    </PublicPage>
  );
}
