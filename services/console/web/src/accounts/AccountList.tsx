import { Box, Chip, Stack, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  FilterButton,
  Link,
  List,
  Pagination,
  TopToolbar,
  useGetIdentity,
  useListContext,
  useLocaleState,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { type Me, type Role, can, isStaff } from '../common/roles';
import { DistributeButtons } from '../distribution/DistributeButtons';
import { SelectionExport } from '../imports/SelectionExport';
import { AccountActionsMenu } from './AccountActions';
import { accountFilters } from './AccountFilters';
import { profileKey } from './labels';

export interface AccountRow {
  id: string;
  lastName: string | null;
  firstName: string | null;
  displayName: string;
  role: Role;
  profile: string | null;
  username: string;
  activated: boolean;
  activationCode: string | null;
  email: string | null;
  classes: string[];
  schoolIds: string[];
  managedBy: string | null;
  createdAt: string;
  deactivatedAt: string | null;
  preDeletedAt: string | null;
  lastDistributedAt: string | null;
}

export const formatDate = (value: string | null | undefined, locale: string) =>
  value ? new Date(value).toLocaleDateString(locale === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris' }) : '';

/** The exact count of the selection, said as a sentence (the ENT's step 2 check). */
function SelectionCount() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { total, isPending } = useListContext();
  if (isPending || total === undefined) return null;
  return (
    <Typography role="status" sx={{ px: 2, py: 1 }} data-testid="selection-count">
      {total === 0
        ? translate('sesame.accounts.countNone')
        : translate('sesame.accounts.count', { smart_count: total, count: total.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR') })}
    </Typography>
  );
}

function ListActions() {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  return (
    // Four buttons: they wrap at tablet widths rather than widen the page.
    <TopToolbar sx={{ flexWrap: 'wrap', rowGap: 1 }}>
      <FilterButton />
      <DistributeButtons />
      <SelectionExport />
      {can.createRoles(role).length > 0 && <CreateButton label={translate('sesame.accounts.create')} />}
    </TopToolbar>
  );
}

function Status({ row }: { row: AccountRow }) {
  const translate = useTranslate();
  const chips: string[] = [];
  if (row.deactivatedAt) chips.push('deactivated');
  if (row.preDeletedAt) chips.push('preDeleted');
  chips.push(row.activated ? 'activated' : 'notActivated');
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {chips.map((chip) => (
        <Chip key={chip} size="small" label={translate(`sesame.accounts.status.${chip}`)} color={chip === 'activated' ? 'success' : chip === 'notActivated' ? 'default' : 'warning'} variant="outlined" />
      ))}
    </Stack>
  );
}

/**
 * The accounts (SPEC §4, the ENT's steps 1 and 2): filters, exact count, sortable columns, pages,
 * and for each row the actions the user's role allows (none for a supervisor).
 */
export function AccountList() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { identity } = useGetIdentity();
  const me = identity as unknown as Me | undefined;
  const col = (key: string) => translate(`sesame.fields.${key}`);
  return (
    <List
      title={translate('sesame.sections.accounts')}
      filters={accountFilters(translate)}
      actions={<ListActions />}
      sort={{ field: 'lastName', order: 'ASC' }}
      perPage={50}
      pagination={<Pagination rowsPerPageOptions={[25, 50, 100, 200]} />}
      empty={false}
      storeKey="sesame.accounts"
      // Filters wrap and the table scrolls inside the page at tablet widths.
      sx={{ '& .RaList-main': { minWidth: 0 }, '& .RaList-actions': { flexWrap: 'wrap' }, '& .RaList-actions form': { flex: '1 1 420px', minWidth: 0, flexWrap: 'wrap' } }}
    >
      <SelectionCount />
      <Box sx={{ overflowX: 'auto' }}>
        <AscendingTable me={me} locale={locale} col={col} />
      </Box>
    </List>
  );
}

/** The API sorts one way only (ascending): a second click on a column keeps that order. */
function AscendingTable({ me, locale, col }: { me: Me | undefined; locale: string; col: (key: string) => string }) {
  const translate = useTranslate();
  const { setSort } = useListContext();
  return (
    <DataTable
      rowClick={false}
      bulkActionButtons={false}
      setSort={(sort) => setSort({ field: sort.field, order: 'ASC' })}
      empty={<Typography sx={{ p: 2 }}>{translate('sesame.accounts.none')}</Typography>}
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
      <DataTable.Col label={col('status')} render={(row: AccountRow) => <Status row={row} />} />
      {me && isStaff(me.role) && <DataTable.Col label={col('actions')} render={(row: AccountRow) => <AccountActionsMenu me={me} account={row} />} />}
    </DataTable>
  );
}
