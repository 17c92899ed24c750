import ViewWeekIcon from '@mui/icons-material/ViewWeek';
import { Button, Checkbox, Divider, ListItemIcon, ListItemText, Menu, MenuItem, type Theme, useMediaQuery } from '@mui/material';
import { useState } from 'react';
import { useRemoveFromStore, useStore, useTranslate } from 'react-admin';

/** The list's columns one may show or hide, in their order, with the field each one shows. */
export const CHOOSABLE_COLUMNS = [
  { source: 'lastName', label: 'sesame.fields.lastName' },
  { source: 'firstName', label: 'sesame.fields.firstName' },
  { source: 'profile', label: 'sesame.fields.profile' },
  { source: 'username', label: 'sesame.fields.username' },
  { source: 'activationCode', label: 'sesame.fields.activationCode' },
  { source: 'email', label: 'sesame.filters.email' },
  { source: 'classes', label: 'sesame.fields.classes' },
  { source: 'createdAt', label: 'sesame.fields.createdAt' },
  { source: 'lastDistributedAt', label: 'sesame.fields.lastDistributedAt' },
  { source: 'status', label: 'sesame.fields.status' },
] as const;

/**
 * Columns shown until the person chooses otherwise: those of the ENT's list (step 2), which fit a
 * 1366-pixel screen; on a tablet, the names, the login, the code, the address and the classes.
 */
const HIDDEN = ['lastDistributedAt', 'status'];
const HIDDEN_NARROW = [...HIDDEN, 'profile', 'createdAt'];

/** Where react-admin's DataTable keeps the hidden columns of the `users` list. */
export const COLUMNS_STORE_KEY = 'users.datatable';

export function useDefaultHiddenColumns(): string[] {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return narrow ? HIDDEN_NARROW : HIDDEN;
}

/**
 * « Colonnes »: a menu of the columns, each ticked when shown; the choice is kept (react-admin's
 * store, read by the DataTable). Its entries exist only while it is open, so that a column's name
 * never doubles a filter's label on the page.
 */
export function ColumnsChooser() {
  const translate = useTranslate();
  const defaults = useDefaultHiddenColumns();
  const [hidden, setHidden] = useStore<string[]>(COLUMNS_STORE_KEY, defaults);
  const removeFromStore = useRemoveFromStore();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const toggle = (source: string) => setHidden(hidden.includes(source) ? hidden.filter((s) => s !== source) : [...hidden, source]);
  return (
    <>
      <Button size="small" startIcon={<ViewWeekIcon />} onClick={(event) => setAnchor(event.currentTarget)} aria-haspopup="menu" aria-controls={anchor ? 'columns-menu' : undefined}>
        {translate('ra.action.select_columns')}
      </Button>
      <Menu id="columns-menu" anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {CHOOSABLE_COLUMNS.map((column) => {
          const shown = !hidden.includes(column.source);
          return (
            <MenuItem key={column.source} role="menuitemcheckbox" aria-checked={shown} onClick={() => toggle(column.source)} dense>
              <ListItemIcon>
                <Checkbox edge="start" checked={shown} tabIndex={-1} disableRipple size="small" slotProps={{ input: { 'aria-hidden': true } }} />
              </ListItemIcon>
              <ListItemText>{translate(column.label)}</ListItemText>
            </MenuItem>
          );
        })}
        <Divider />
        <MenuItem onClick={() => removeFromStore(COLUMNS_STORE_KEY)} dense>
          {translate('sesame.accounts.columnsDefault')}
        </MenuItem>
      </Menu>
    </>
  );
}
