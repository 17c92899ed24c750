import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { Form, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { NewPasswordFields } from '../common/PasswordFields';
import { useSubmit } from '../common/useSubmit';
import type { dataProvider as sesameDataProvider } from '../providers/dataProvider';
import { accountName } from './labels';

/**
 * An administrator sets a password (Collaborate: typed twice); the owner's sessions end and the
 * administrator must tell them the new one.
 */
export function SetPasswordDialog({
  account,
  onClose,
  onSaved,
}: {
  account: { id: string; username: string; displayName?: string | null };
  onClose: () => void;
  onSaved?: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const provider = useDataProvider<typeof sesameDataProvider>();
  const name = accountName(account);
  const { submit, error } = useSubmit(async (values: { password: string }) => {
    await provider.accountAction(account.id, 'setPassword', { password: values.password });
    notify('sesame.actions.setPassword.done', { type: 'success', messageArgs: { name } });
    onSaved?.();
    refresh();
    onClose();
  }, ['password', 'passwordConfirmation']);
  return (
    <Dialog open onClose={onClose} aria-labelledby="set-password-title" fullWidth maxWidth="sm">
      <Form mode="onChange" onSubmit={submit} noValidate disableInvalidFormNotification>
        <DialogTitle id="set-password-title">{translate('sesame.actions.setPassword.title', { name })}</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2 }}>{translate('sesame.actions.setPassword.question', { name })}</Typography>
          {error}
          <NewPasswordFields usernameOf={() => account.username} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained">
            {translate('sesame.actions.setPassword.confirm')}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
}
