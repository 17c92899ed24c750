import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import {
  EditBase,
  Form,
  PasswordInput,
  SaveButton,
  SelectInput,
  TextInput,
  Title,
  required,
  useDataProvider,
  useGetIdentity,
  useLocaleState,
  useNotify,
  useTranslate,
} from 'react-admin';
import { NewPasswordFields } from '../common/PasswordFields';
import type { Me } from '../common/roles';
import { validateEmail } from '../common/rules';
import { useSubmit } from '../common/useSubmit';
import type { dataProvider as sesameDataProvider } from '../providers/dataProvider';

/**
 * A change of language re-creates the whole page (react-admin re-renders everything in the new
 * language), notifications included: the confirmation is then given by the new page.
 */
let savedBeforeLanguageChange = false;

/** Display name, email and language of one's own account (PATCH /me). */
function ProfileForm() {
  const translate = useTranslate();
  const notify = useNotify();
  const { refetch } = useGetIdentity();
  const [locale, setLocale] = useLocaleState();
  useEffect(() => {
    if (!savedBeforeLanguageChange) return;
    savedBeforeLanguageChange = false;
    notify('sesame.profile.saved', { type: 'success' });
  }, [notify]);
  return (
    <EditBase
      resource="me"
      id="me"
      redirect={false}
      mutationMode="pessimistic"
      mutationOptions={{
        onSuccess: (data: { locale?: string } & object) => {
          void refetch?.();
          // The account's language is the one of its letters and emails; the console follows it.
          if (data.locale && data.locale !== locale) {
            savedBeforeLanguageChange = true;
            setLocale(data.locale);
          } else {
            notify('sesame.profile.saved', { type: 'success' });
          }
        },
      }}
    >
      <Form mode="onChange">
        <Card component="section" aria-labelledby="profile-title" sx={{ mt: 2 }}>
          <CardContent>
            <Typography id="profile-title" component="h2" variant="h5" gutterBottom>
              {translate('sesame.profile.details')}
            </Typography>
            <Typography sx={{ mb: 2 }}>{translate('sesame.profile.intro')}</Typography>
            <TextInput source="username" label={translate('sesame.fields.username')} disabled fullWidth helperText={translate('sesame.profile.usernameFixed')} />
            <TextInput source="displayName" label={translate('sesame.fields.displayName')} fullWidth helperText={translate('sesame.accounts.form.displayName')} />
            <TextInput source="email" type="email" label={translate('sesame.fields.email')} validate={validateEmail({ required: false })} fullWidth helperText={translate('sesame.profile.emailHelp')} />
            <SelectInput
              source="locale"
              label={translate('sesame.fields.locale')}
              choices={[
                { id: 'fr', name: 'Français' },
                { id: 'en', name: 'English' },
              ]}
              validate={required()}
              helperText={translate('sesame.profile.localeHelp')}
              fullWidth
            />
            <SaveButton label={translate('ra.action.save')} />
          </CardContent>
        </Card>
      </Form>
    </EditBase>
  );
}

/** A new password with the current one (PUT /me/password); other sessions end, this one goes on. */
function PasswordForm() {
  const translate = useTranslate();
  const notify = useNotify();
  const provider = useDataProvider<typeof sesameDataProvider>();
  const { identity } = useGetIdentity();
  const [generation, setGeneration] = useState(0);
  const { submit, error } = useSubmit(async (values: { currentPassword: string; newPassword: string }) => {
    await provider.changeOwnPassword(values.currentPassword, values.newPassword);
    notify('sesame.profile.passwordChanged', { type: 'success' });
    setGeneration((n) => n + 1);
  }, ['currentPassword', 'newPassword', 'newPasswordConfirmation']);
  return (
    <Card component="section" aria-labelledby="password-title" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="password-title" component="h2" variant="h5" gutterBottom>
          {translate('sesame.profile.password')}
        </Typography>
        <Form key={generation} mode="onChange" onSubmit={submit} noValidate disableInvalidFormNotification>
          {error}
          <PasswordInput source="currentPassword" label={translate('sesame.profile.currentPassword')} autoComplete="current-password" validate={required()} fullWidth />
          <NewPasswordFields source="newPassword" usernameOf={() => (identity as unknown as Me | undefined)?.username ?? ''} />
          <Button type="submit" variant="contained" sx={{ mt: 1 }}>
            {translate('sesame.profile.changePassword')}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}

/** Everyone's own account; the only pages a member has. */
export function ProfilePage() {
  const translate = useTranslate();
  return (
    <Box sx={{ maxWidth: 720 }}>
      <Title title={translate('sesame.sections.profile')} />
      <ProfileForm />
      <PasswordForm />
    </Box>
  );
}
