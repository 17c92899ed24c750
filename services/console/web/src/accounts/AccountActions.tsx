import MoreVertIcon from '@mui/icons-material/MoreVert';
import { Button, IconButton, Menu, MenuItem, Stack } from '@mui/material';
import { useState } from 'react';
import { Confirm, Link, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { type AccountAction, type AccountSubject, type Me, accountActions } from '../common/roles';
import type { dataProvider as sesameDataProvider } from '../providers/dataProvider';
import { accountName } from './labels';
import { SetPasswordDialog } from './SetPasswordDialog';

type Account = AccountSubject & { username: string; displayName?: string | null };
type Dialog = Exclude<AccountAction, 'edit'> | undefined;

/** Called once an action has succeeded (the account's page then offers to distribute a new credential). */
type OnDone = (action: Exclude<AccountAction, 'edit'>) => void;

/** Runs one lifecycle action after its confirmation, and says what happened in a sentence. */
function ActionDialogs({ account, open, onClose, onDone }: { account: Account; open: Dialog; onClose: () => void; onDone?: OnDone }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const provider = useDataProvider<typeof sesameDataProvider>();
  const [pending, setPending] = useState(false);
  const name = accountName(account);

  const run = async (action: Exclude<AccountAction, 'edit' | 'setPassword'>) => {
    setPending(true);
    try {
      const changed = await provider.accountAction(account.id, action);
      notify(`sesame.actions.${action}.done`, { type: 'success', messageArgs: { name, code: changed?.activationCode ?? '' } });
      onDone?.(action);
      refresh();
    } catch (failure) {
      notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
    } finally {
      setPending(false);
      onClose();
    }
  };

  if (open === 'setPassword') return <SetPasswordDialog account={account} onClose={onClose} onSaved={() => onDone?.('setPassword')} />;
  if (!open) return null;
  return (
    <Confirm
      isOpen
      loading={pending}
      title={translate(`sesame.actions.${open}.title`, { name })}
      content={translate(`sesame.actions.${open}.question`, { name })}
      confirm={translate(`sesame.actions.${open}.confirm`)}
      cancel={translate('ra.action.cancel')}
      confirmColor={open === 'deactivate' || open === 'preDelete' ? 'warning' : 'primary'}
      onConfirm={() => run(open as Exclude<AccountAction, 'edit' | 'setPassword'>)}
      onClose={onClose}
    />
  );
}

/** The row's actions in a menu (one button per row keeps the table narrow on a tablet). */
export function AccountActionsMenu({ me, account }: { me: Me; account: Account }) {
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [dialog, setDialog] = useState<Dialog>();
  const actions = accountActions(me, account);
  if (actions.length === 0) return null;
  const menuId = `actions-${account.id}`;
  return (
    <>
      <IconButton
        aria-label={translate('sesame.actions.menu', { name: accountName(account) })}
        aria-haspopup="true"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        <MoreVertIcon />
      </IconButton>
      <Menu id={menuId} anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {actions.map((action) =>
          action === 'edit' ? (
            <MenuItem key={action} component={Link} to={`/users/${account.id}`} onClick={() => setAnchor(null)}>
              {translate('sesame.actions.edit.label')}
            </MenuItem>
          ) : (
            <MenuItem
              key={action}
              onClick={() => {
                setAnchor(null);
                setDialog(action);
              }}
            >
              {translate(`sesame.actions.${action}.label`)}
            </MenuItem>
          ),
        )}
      </Menu>
      <ActionDialogs account={account} open={dialog} onClose={() => setDialog(undefined)} />
    </>
  );
}

/** The same actions as buttons, on an account's page. */
export function AccountActionButtons({ me, account, onDone }: { me: Me; account: Account; onDone?: OnDone }) {
  const translate = useTranslate();
  const [dialog, setDialog] = useState<Dialog>();
  const actions = accountActions(me, account);
  if (actions.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ my: 1, flexWrap: 'wrap' }}>
      {actions.map((action) =>
        action === 'edit' ? (
          <Button key={action} component={Link} to={`/users/${account.id}`} variant="contained">
            {translate('sesame.actions.edit.label')}
          </Button>
        ) : (
          <Button key={action} variant="outlined" onClick={() => setDialog(action)}>
            {translate(`sesame.actions.${action}.label`)}
          </Button>
        ),
      )}
      <ActionDialogs account={account} open={dialog} onClose={() => setDialog(undefined)} onDone={onDone} />
    </Stack>
  );
}
