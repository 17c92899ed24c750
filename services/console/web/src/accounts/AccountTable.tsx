import { Box, Chip, Typography } from '@mui/material';
import { BulkActionsToolbar, DataTable, Link, useListContext, useTranslate } from 'react-admin';
import { type Me, isStaff } from '../common/roles';
import { AccountActionsMenu } from './AccountActions';
import { AccountBulkActions } from './AccountBulkActions';
import type { AccountRow } from './AccountList';
import { accountState, formatDate } from './account-rows';
import { COLUMNS_STORE_KEY, useDefaultHiddenColumns } from './ColumnsChooser';
import { profileKey } from './labels';

/** One state per account, the one that matters most (a deactivated account's activation is moot). */
function Status({ row }: { row: AccountRow }) {
  const translate = useTranslate();
  const state = accountState(row);
  return <Chip size="small" label={translate(`sesame.accounts.status.${state}`)} color={state === 'activated' ? 'success' : state === 'notActivated' ? 'default' : 'warning'} variant="outlined" />;
}

/**
 * Long texts (addresses, usernames) wrap instead of widening the table; the row's actions stay in view
 * at the right edge even when a narrow screen scrolls the table sideways.
 */
const TABLE_SX = {
  // The table scrolls within itself (not the toolbar of ticked rows, which sits above it).
  '& .RaDataTable-tableWrapper': { overflowX: 'auto' },
  '& td': { overflowWrap: 'break-word' },
  // Addresses and usernames (a staff account's name) have no spaces: they may break anywhere, or they would set the width.
  '& td.column-email, & td.column-username, & td.column-lastName': { overflowWrap: 'anywhere' },
  '& .column-email': { minWidth: 120 },
  // Wide enough on a laptop that a compound surname breaks at its hyphen, not inside a word.
  '& td.column-lastName': { minWidth: { md: 150 } },
  '& td.column-createdAt, & td.column-lastDistributedAt': { whiteSpace: 'nowrap' },
  '& th, & td': { px: 0.75 },
  '& .actions-cell': { position: 'sticky', right: 0, bgcolor: 'background.paper', width: '1%', whiteSpace: 'nowrap', px: 0.5, zIndex: 1 },
} as const;

/** The API sorts one way only (ascending): a second click on a column keeps that order. */
export function AccountTable({ me, locale, canDistribute }: { me: Me | undefined; locale: string; canDistribute: boolean }) {
  const translate = useTranslate();
  const { setSort } = useListContext();
  // The default until the person chooses columns themselves (« Colonnes » keeps their choice).
  const hiddenByDefault = useDefaultHiddenColumns();
  const col = (key: string) => translate(`sesame.fields.${key}`);
  return (
    <DataTable
        rowClick={false}
        hiddenColumns={hiddenByDefault}
        storeKey={COLUMNS_STORE_KEY}
        bulkActionButtons={canDistribute}
        bulkActionsToolbar={
          canDistribute ? (
            <BulkActionsToolbar label="sesame.accounts.bulk.chosen">
              <AccountBulkActions />
            </BulkActionsToolbar>
          ) : undefined
        }
        setSort={(sort) => setSort({ field: sort.field, order: 'ASC' })}
        empty={<Typography sx={{ p: 2 }}>{translate('sesame.accounts.none')}</Typography>}
        sx={TABLE_SX}
      >
        <DataTable.Col
          source="lastName"
          label={col('lastName')}
          render={(row: AccountRow) => <Link to={`/users/${row.id}/show`}>{row.lastName ?? row.displayName}</Link>}
        />
        <DataTable.Col source="firstName" label={col('firstName')} />
        <DataTable.Col source="profile" label={col('profile')} render={(row: AccountRow) => translate(profileKey(row))} />
        <DataTable.Col source="username" label={col('username')} />
        <DataTable.Col source="activationCode" label={col('activationCode')} disableSort render={(row: AccountRow) => <Box component="code">{row.activationCode ?? ''}</Box>} />
        <DataTable.Col source="email" label={translate('sesame.filters.email')} disableSort />
        <DataTable.Col source="classes" label={col('classes')} render={(row: AccountRow) => row.classes.join(', ')} />
        <DataTable.Col source="createdAt" label={col('createdAt')} disableSort render={(row: AccountRow) => formatDate(row.createdAt, locale)} />
        <DataTable.Col
          source="lastDistributedAt"
          label={col('lastDistributedAt')}
          disableSort
          render={(row: AccountRow) => formatDate(row.lastDistributedAt, locale) || translate('sesame.accounts.never')}
        />
        <DataTable.Col source="status" label={col('status')} disableSort render={(row: AccountRow) => <Status row={row} />} />
        {me && isStaff(me.role) && (
          // Not a column one may hide: « Colonnes » does not list it.
          <DataTable.Col
            label={col('actions')}
            headerClassName="actions-cell"
            cellClassName="actions-cell"
            render={(row: AccountRow) => <AccountActionsMenu me={me} account={row} />}
          />
        )}
    </DataTable>
  );
}
