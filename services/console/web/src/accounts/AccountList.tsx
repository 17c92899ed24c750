import { Typography } from '@mui/material';
import {
  CreateButton,
  FilterButton,
  List,
  Pagination,
  TopToolbar,
  useGetIdentity,
  useListContext,
  useLocaleState,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { type Me, type Role, can } from '../common/roles';
import { DistributeButtons } from '../distribution/DistributeButtons';
import { SelectionExport } from '../imports/SelectionExport';
import { accountFilters } from './AccountFilters';
import { AccountTable } from './AccountTable';
import { ColumnsChooser } from './ColumnsChooser';
import { RememberedFiltersNotice, ResetFiltersButton } from './FilterNotices';

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

// Other screens read dates the list's way.
export { formatDate } from './account-rows';

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
      <ResetFiltersButton />
      <ColumnsChooser />
      <DistributeButtons />
      <SelectionExport />
      {can.createRoles(role).length > 0 && <CreateButton label={translate('sesame.accounts.create')} />}
    </TopToolbar>
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
  const { permissions: role } = usePermissions<Role>();
  const me = identity as unknown as Me | undefined;
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
      sx={{
        // On a tablet « Créer un compte » floats at the bottom right: room below the last row's actions.
        '& .RaList-main': { minWidth: 0, pb: { xs: 10, md: 0 } },
        '& .RaList-actions': { flexWrap: 'wrap' },
        '& .RaList-actions form': { flex: '1 1 420px', minWidth: 0, flexWrap: 'wrap' },
        // react-admin hides the filters' helper texts; a date that cannot be read must still say so.
        '& .RaList-actions form .MuiFormHelperText-root.Mui-error': { display: 'block' },
      }}
    >
      <RememberedFiltersNotice />
      <SelectionCount />
      <AccountTable me={me} locale={locale} canDistribute={can.distribute(role)} />
    </List>
  );
}
