import CloseIcon from '@mui/icons-material/Close';
import { Button } from '@mui/material';
import { Edit, Link, SaveButton, SimpleForm, Toolbar, useGetIdentity, useRecordContext, useTranslate } from 'react-admin';
import type { Me } from '../common/roles';
import { ClassesInput, EmailInput, ManagedByInput, NameInputs, ProfileInput, SchoolsInput, UsernameInput } from './AccountInputs';
import { accountName } from './labels';

function EditTitle() {
  const translate = useTranslate();
  const record = useRecordContext<{ username: string; displayName: string }>();
  return <>{record ? translate('sesame.accounts.editTitle', { name: accountName(record) }) : ''}</>;
}

function EditFields({ me }: { me: Me }) {
  const record = useRecordContext<{ role: Me['role'] }>();
  if (!record) return null;
  const role = record.role;
  return (
    <>
      <UsernameInput role={role === 'member' ? 'administrator' : role} />
      <NameInputs role={role} />
      <EmailInput role={role} />
      {role === 'administrator' && <SchoolsInput requiredField />}
      {role === 'supervisor' && me.role === 'manager' && <ManagedByInput />}
      {role === 'member' && (
        <>
          <ProfileInput />
          <SchoolsInput requiredField />
          <ClassesInput />
        </>
      )}
    </>
  );
}

/** Save, or leave without saving: back to the account's page. */
function EditToolbar() {
  const translate = useTranslate();
  const record = useRecordContext<{ id: string }>();
  return (
    <Toolbar sx={{ gap: 2 }}>
      <SaveButton />
      {record && (
        <Button component={Link} to={`/users/${record.id}/show`} startIcon={<CloseIcon />}>
          {translate('ra.action.cancel')}
        </Button>
      )}
    </Toolbar>
  );
}

/**
 * Editing an account within one's rights (the password and the lifecycle are separate actions).
 * Only what changed is sent; the gateway's field errors land on the fields.
 */
export function AccountEdit() {
  const { identity } = useGetIdentity();
  const me = identity as unknown as Me | undefined;
  if (!me) return null;
  return (
    <Edit title={<EditTitle />} mutationMode="pessimistic" redirect="show">
      <SimpleForm mode="onChange" reValidateMode="onChange" sx={{ maxWidth: 720 }} toolbar={<EditToolbar />}>
        <EditFields me={me} />
      </SimpleForm>
    </Edit>
  );
}
