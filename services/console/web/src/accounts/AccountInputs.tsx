import { Typography } from '@mui/material';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  ReferenceArrayInput,
  ReferenceInput,
  SelectInput,
  TextInput,
  required,
  useGetList,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { NewPasswordFields } from '../common/PasswordFields';
import type { Role } from '../common/roles';
import { validateEmail, validateUsername } from '../common/rules';
import { schoolLabel, useSchoolChoices } from './AccountFilters';
import { PROFILES, accountName } from './labels';

/** Login, checked against the username rules as it is typed. Optional for members (generated). */
export function UsernameInput({ role }: { role: Role }) {
  const translate = useTranslate();
  const member = role === 'member';
  return (
    <TextInput
      source="username"
      label={translate('sesame.fields.username')}
      helperText={translate(member ? 'sesame.accounts.form.usernameMember' : 'sesame.accounts.form.usernameRules')}
      validate={validateUsername({ required: !member })}
      isRequired={!member}
      autoComplete="off"
      fullWidth
    />
  );
}

export function NameInputs({ role }: { role: Role }) {
  const translate = useTranslate();
  const member = role === 'member';
  return (
    <>
      <TextInput source="lastName" label={translate('sesame.fields.lastName')} validate={member ? required() : undefined} fullWidth />
      <TextInput source="firstName" label={translate('sesame.fields.firstName')} validate={member ? required() : undefined} fullWidth />
      <TextInput source="displayName" label={translate('sesame.fields.displayName')} helperText={translate('sesame.accounts.form.displayName')} fullWidth />
    </>
  );
}

export function EmailInput({ role }: { role: Role }) {
  const translate = useTranslate();
  const staff = role !== 'member';
  return (
    <TextInput
      source="email"
      type="email"
      label={translate('sesame.fields.email')}
      helperText={translate(staff ? 'sesame.accounts.form.emailStaff' : 'sesame.accounts.form.emailMember')}
      validate={validateEmail({ required: staff })}
      isRequired={staff}
      autoComplete="off"
      fullWidth
    />
  );
}

/** Optional at creation: without it the account gets an activation code to hand out. */
export function InitialPasswordInputs() {
  const translate = useTranslate();
  const password = useWatch({ name: 'password' });
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <Typography component="legend" variant="subtitle1" sx={{ mt: 1 }}>
        {translate('sesame.accounts.form.passwordLegend')}
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate('sesame.accounts.form.passwordOptional')}
      </Typography>
      <NewPasswordFields usernameOf={(values) => values.username} required={!!password} />
    </fieldset>
  );
}

/** Schools within the user's scope (all of them for the manager). */
export function SchoolsInput({ requiredField }: { requiredField: boolean }) {
  const translate = useTranslate();
  const { schools } = useSchoolChoices();
  return (
    <AutocompleteArrayInput
      source="schoolIds"
      label={translate('sesame.fields.schools')}
      choices={schools.map((school) => ({ id: school.id, name: schoolLabel(school) }))}
      validate={requiredField ? required() : undefined}
      // Schools outside the user's scope stay on the account (the API keeps them); they are not shown here.
      format={(ids: string[] | undefined) => (ids ?? []).filter((id) => schools.some((school) => school.id === id))}
      fullWidth
    />
  );
}

/** Classes of the chosen schools, alphabetical. */
export function ClassesInput() {
  const translate = useTranslate();
  const schoolIds: string[] = useWatch({ name: 'schoolIds' }) ?? [];
  const { schools } = useSchoolChoices();
  const { data = [] } = useGetList('classes', { filter: { schoolIds }, pagination: { page: 1, perPage: 10_000 } }, { enabled: schoolIds.length > 0 });
  const several = schoolIds.length > 1;
  const choices = data.map((c) => ({
    id: c.id,
    name: several ? `${c.name} — ${schools.find((s) => s.id === c.schoolId)?.name ?? ''}` : c.name,
  }));
  return (
    <AutocompleteArrayInput
      source="classIds"
      label={translate('sesame.fields.classes')}
      choices={choices}
      disabled={schoolIds.length === 0}
      helperText={schoolIds.length === 0 ? translate('sesame.filters.chooseSchoolFirst') : false}
      format={(ids: string[] | undefined) => (ids ?? []).filter((id) => data.length === 0 || data.some((c) => c.id === id))}
      fullWidth
    />
  );
}

export function ProfileInput() {
  const translate = useTranslate();
  return (
    <SelectInput
      source="profile"
      label={translate('sesame.fields.profile')}
      choices={PROFILES.map((profile) => ({ id: profile, name: translate(`sesame.profiles.${profile}`) }))}
      validate={required()}
      fullWidth
    />
  );
}

const accountOption = (account: { username: string; displayName?: string | null; classes?: unknown }) => accountName(account);

/** A relative's children: students found by name or login. */
export function ChildrenInput() {
  const translate = useTranslate();
  return (
    <ReferenceArrayInput source="childIds" reference="users" filter={{ profile: ['student'] }} perPage={20}>
      <AutocompleteArrayInput
        label={translate('sesame.fields.children')}
        helperText={translate('sesame.accounts.form.children')}
        optionText={accountOption}
        filterToQuery={(q: string) => ({ q })}
        fullWidth
      />
    </ReferenceArrayInput>
  );
}

/**
 * The manager chooses the administrator who will manage a supervisor (Collaborate's "Sélectionner un
 * administrateur"): a new supervisor's, or those of an import.
 */
export function ManagedByInput({ source = 'managedBy', label, helperText, optional = false }: { source?: string; label?: string; helperText?: string; optional?: boolean }) {
  const translate = useTranslate();
  return (
    <ReferenceInput source={source} reference="users" filter={{ role: ['administrator'] }} perPage={20}>
      <AutocompleteInput
        label={label ?? translate('sesame.fields.managedBy')}
        helperText={helperText ?? translate('sesame.accounts.form.managedBy')}
        optionText={accountOption}
        filterToQuery={(q: string) => ({ q })}
        validate={optional ? undefined : required()}
        fullWidth
      />
    </ReferenceInput>
  );
}
