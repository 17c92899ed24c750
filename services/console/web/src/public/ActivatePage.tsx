import { Alert, Button, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, Link, TextInput, required, useLocation, useTranslate } from 'react-admin';
import { NewPasswordFields } from '../common/PasswordFields';
import { PUBLIC_PAGES } from '../common/public-pages';
import { PublicPage } from '../common/PublicPage';
import { validateEmail } from '../common/rules';
import { useSubmit } from '../common/useSubmit';
import { api } from '../providers/http';

/**
 * Activation (SPEC §3): the login and code of the letter, a password of one's own, optionally an
 * email (for resets later). Letters and QR codes link here with `?login=`.
 */
export function ActivatePage() {
  const translate = useTranslate();
  const search = new URLSearchParams(useLocation().search);
  const [activated, setActivated] = useState<string>();
  const { submit, error } = useSubmit(async (values: Record<string, string>) => {
    await api('POST', '/auth/activate', {
      username: values.username,
      activationCode: values.activationCode.trim(),
      password: values.password,
      ...(values.email?.trim() ? { email: values.email.trim() } : {}),
    });
    setActivated(values.username);
  });

  if (activated !== undefined) {
    return (
      <PublicPage title={translate('sesame.activate.title')}>
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {translate('sesame.activate.done')}
        </Alert>
        <Button component={Link} to={`/login?login=${encodeURIComponent(activated)}`} variant="contained">
          {translate('sesame.login.submit')}
        </Button>
      </PublicPage>
    );
  }

  return (
    <PublicPage
      title={translate('sesame.activate.title')}
      links={[
        { to: '/login', label: translate('sesame.links.login') },
        { to: PUBLIC_PAGES.passwordForgot, label: translate('sesame.login.forgot') },
      ]}
    >
      <Typography sx={{ mb: 2 }}>{translate('sesame.activate.intro')}</Typography>
      <Form mode="onChange" onSubmit={submit} defaultValues={{ username: search.get('login') ?? '' }} noValidate>
        {error}
        <TextInput source="username" label={translate('sesame.fields.username')} autoComplete="username" validate={required()} fullWidth />
        <TextInput
          source="activationCode"
          label={translate('sesame.fields.activationCode')}
          autoComplete="one-time-code"
          helperText={translate('sesame.activate.codeHelp')}
          validate={required()}
          fullWidth
        />
        <NewPasswordFields usernameOf={(values) => values.username} />
        <TextInput
          source="email"
          type="email"
          label={translate('sesame.activate.email')}
          autoComplete="email"
          helperText={translate('sesame.activate.emailHelp')}
          validate={validateEmail({ required: false })}
          fullWidth
        />
        <Button type="submit" variant="contained" sx={{ mt: 1 }}>
          {translate('sesame.activate.submit')}
        </Button>
      </Form>
    </PublicPage>
  );
}
