import { Button, Typography } from '@mui/material';
import { Form, TextInput, required, useAuthProvider, useAuthState, useLocation, useNavigate, useNotify, usePermissions, useTranslate } from 'react-admin';
import { NewPasswordFields } from '../common/PasswordFields';
import { PUBLIC_PAGES } from '../common/public-pages';
import { PublicPage } from '../common/PublicPage';
import { validateEmail } from '../common/rules';
import { useSubmit } from '../common/useSubmit';
import { api } from '../providers/http';

/** The fields of the form: an error of the API on one of them is said there, and only there. */
const FIELDS = ['username', 'activationCode', 'password', 'passwordConfirmation', 'email'] as const;

/**
 * Activation (SPEC §3): the login and code of the letter, a password of one's own, optionally an
 * email (for resets later). Letters and QR codes link here with `?login=`. The API answers with a
 * session: the user is signed in at once and lands where their role starts (a member on their own
 * account's page, staff on the console's home page).
 */
export function ActivatePage() {
  const translate = useTranslate();
  const authProvider = useAuthProvider();
  const navigate = useNavigate();
  const notify = useNotify();
  // The console asked "signed in?" when this page opened, and keeps the answer ("no"): it is asked
  // again, with the role, before entering, or the console would sign the new session out at once.
  const { refetch: checkAuthAgain } = useAuthState(undefined, false, { enabled: false });
  const { refetch: permissionsAgain } = usePermissions(undefined, { enabled: false });
  const search = new URLSearchParams(useLocation().search);
  const { submit, error } = useSubmit(async (values: Record<string, string>) => {
    const session = await api<{ accessToken: string }>('POST', '/auth/activate', {
      username: values.username,
      activationCode: values.activationCode.trim(),
      password: values.password,
      ...(values.email?.trim() ? { email: values.email.trim() } : {}),
    });
    await authProvider?.login({ accessToken: session.accessToken });
    await Promise.all([checkAuthAgain(), permissionsAgain()]);
    navigate('/');
    notify('sesame.activate.signedIn', { type: 'success' });
  }, FIELDS);

  return (
    <PublicPage
      title={translate('sesame.activate.title')}
      links={[
        { to: '/login', label: translate('sesame.links.login') },
        { to: PUBLIC_PAGES.passwordForgot, label: translate('sesame.login.forgot') },
      ]}
    >
      <Typography sx={{ mb: 2 }}>{translate('sesame.activate.intro')}</Typography>
      <Form mode="onChange" onSubmit={submit} defaultValues={{ username: search.get('login') ?? '' }} noValidate disableInvalidFormNotification>
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
