import EmailIcon from '@mui/icons-material/Email';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import SendIcon from '@mui/icons-material/Send';
import { Button, ListItemIcon, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { Link, useNotify, usePermissions, useTranslate } from 'react-admin';
import { userQuery } from '../accounts/selection';
import { type Role, can } from '../common/roles';
import { campaignSelection } from '../distribution/campaign-selection';
import { campaignsApi } from '../distribution/campaigns-api';
import { DistributeDialog } from '../distribution/DistributeDialog';

/** The accounts list filtered to one import (`importId`, which GET /users and campaigns take). */
export const importAccountsPath = (importId: string) => `/users?filter=${encodeURIComponent(JSON.stringify({ importId }))}`;

/**
 * What follows a finished import: its accounts in the list (that import's only), and their
 * distribution (letters or emails) with the same selection, without going through the list.
 */
export function ImportDoneActions({ importId, created }: { importId: string; created: number }) {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const notify = useNotify();
  const [channel, setChannel] = useState<'pdf' | 'email'>();
  const [total, setTotal] = useState(created);
  const filterValues = { importId };
  // The dialog says how many accounts it distributes: those of the import as they are now (some may
  // have been deactivated since), as the list would count them.
  const choose = async (value: 'pdf' | 'email') => {
    setMenu(null);
    try {
      setTotal(await campaignsApi.count(userQuery(filterValues, undefined, 1, 1)));
      setChannel(value);
    } catch (failure) {
      notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
    }
  };
  return (
    <>
      <Button component={Link} to={importAccountsPath(importId)} variant="contained">
        {translate('sesame.imports.seeAccounts')}
      </Button>
      {can.distribute(role) && created > 0 && (
        <>
          <Button
            variant="outlined"
            startIcon={<SendIcon />}
            aria-haspopup="menu"
            aria-expanded={menu ? 'true' : undefined}
            aria-controls={menu ? 'import-distribute-menu' : undefined}
            onClick={(event) => setMenu(event.currentTarget)}
          >
            {translate('sesame.imports.distribute')}
          </Button>
          <Menu id="import-distribute-menu" anchorEl={menu} open={Boolean(menu)} onClose={() => setMenu(null)}>
            <MenuItem onClick={() => void choose('pdf')}>
              <ListItemIcon>
                <PictureAsPdfIcon fontSize="small" />
              </ListItemIcon>
              {translate('sesame.distribution.pdfButton')}
            </MenuItem>
            <MenuItem onClick={() => void choose('email')}>
              <ListItemIcon>
                <EmailIcon fontSize="small" />
              </ListItemIcon>
              {translate('sesame.distribution.emailButton')}
            </MenuItem>
          </Menu>
        </>
      )}
      {channel && (
        <DistributeDialog
          channel={channel}
          selection={campaignSelection(filterValues, undefined)}
          filterValues={filterValues}
          sortField={undefined}
          total={total}
          onClose={() => setChannel(undefined)}
        />
      )}
    </>
  );
}
