import EmailIcon from '@mui/icons-material/Email';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import SendIcon from '@mui/icons-material/Send';
import { Button, ListItemIcon, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { Link, usePermissions, useTranslate } from 'react-admin';
import { type Role, can } from '../common/roles';
import { campaignSelection } from '../distribution/campaign-selection';
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
  const [channel, setChannel] = useState<'pdf' | 'email'>();
  // The dialog asks the server what the import's accounts are now (some may have been deactivated
  // since) and says what a campaign would reach and leave out.
  const selection = campaignSelection({ importId }, undefined);
  const choose = (value: 'pdf' | 'email') => {
    setMenu(null);
    setChannel(value);
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
            <MenuItem onClick={() => choose('pdf')}>
              <ListItemIcon>
                <PictureAsPdfIcon fontSize="small" />
              </ListItemIcon>
              {translate('sesame.distribution.pdfButton')}
            </MenuItem>
            <MenuItem onClick={() => choose('email')}>
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
          selection={selection}
          onClose={() => setChannel(undefined)}
        />
      )}
    </>
  );
}
