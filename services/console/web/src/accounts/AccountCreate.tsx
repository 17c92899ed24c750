import { Alert, Typography } from '@mui/material';
import { Create, RadioButtonGroupInput, SimpleForm, useGetIdentity, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { type Me, type Role, can } from '../common/roles';
import {
  ChildrenInput,
  ClassesInput,
  EmailInput,
  InitialPasswordInputs,
  ManagedByInput,
  NameInputs,
  ProfileInput,
  SchoolsInput,
  UsernameInput,
} from './AccountInputs';

/** Fields each role's account carries (SPEC §2–3); others are dropped before sending. */
const FIELDS: Record<string, string[]> = {
  administrator: ['role', 'username', 'lastName', 'firstName', 'displayName', 'email', 'password', 'schoolIds'],
  supervisor: ['role', 'username', 'lastName', 'firstName', 'displayName', 'email', 'password', 'managedBy'],
  member: ['role', 'username', 'lastName', 'firstName', 'displayName', 'email', 'password', 'profile', 'schoolIds', 'classIds', 'childIds'],
};

export function creationBody(values: Record<string, unknown>): Record<string, unknown> {
  const role = String(values.role);
  const fields = FIELDS[role] ?? [];
  const body = Object.fromEntries(Object.entries(values).filter(([field]) => fields.includes(field)));
  if (role === 'member' && values.profile !== 'relative') delete body.childIds;
  return body;
}

function RoleFields({ me }: { me: Me }) {
  const translate = useTranslate();
  const role: Role = useWatch({ name: 'role' });
  const profile: string | undefined = useWatch({ name: 'profile' });
  return (
    <>
      <UsernameInput role={role} />
      <NameInputs role={role} />
      <EmailInput role={role} />
      {role === 'administrator' && <SchoolsInput requiredField />}
      {role === 'supervisor' &&
        (me.role === 'manager' ? (
          <ManagedByInput />
        ) : (
          <Alert severity="info" sx={{ mb: 2, width: '100%' }}>
            {translate('sesame.accounts.form.managedBySelf')}
          </Alert>
        ))}
      {role === 'member' && (
        <>
          <ProfileInput />
          <SchoolsInput requiredField />
          <ClassesInput />
          {profile === 'relative' && <ChildrenInput />}
        </>
      )}
      <InitialPasswordInputs />
    </>
  );
}

/** Creating an administrator (manager), a supervisor or a member (SPEC §2). */
export function AccountCreate() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const me = identity as unknown as Me | undefined;
  if (!me) return null;
  const roles = can.createRoles(me.role);
  const defaults: Record<string, unknown> = { role: roles.includes('member') ? 'member' : roles[0] };
  if (me.schools.length === 1) defaults.schoolIds = [me.schools[0].id];
  return (
    <Create title={translate('sesame.accounts.create')} redirect="show" transform={creationBody} mutationMode="pessimistic">
      <SimpleForm defaultValues={defaults} mode="onChange" reValidateMode="onChange" sx={{ maxWidth: 720 }}>
        <Typography>{translate('sesame.accounts.form.intro')}</Typography>
        <RadioButtonGroupInput
          source="role"
          label={translate('sesame.fields.role')}
          choices={roles.map((role) => ({ id: role, name: translate(`sesame.roles.${role}`) }))}
        />
        <RoleFields me={me} />
      </SimpleForm>
    </Create>
  );
}
