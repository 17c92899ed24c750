import FileDownloadIcon from '@mui/icons-material/FileDownload';
import { Button, Chip, CircularProgress } from '@mui/material';
import { useState } from 'react';
import { useGetOne, useListContext, useNotify, usePermissions, useTranslate } from 'react-admin';
import { userQuery } from '../accounts/selection';
import { type Role, can } from '../common/roles';
import { queryString, saveFile } from '../providers/http';

/** GET /users/export.csv: the list's own query (filters and order), without its paging. */
export function exportPath(filterValues: Record<string, unknown>, sortField: string | undefined): string {
  const { page: _page, pageSize: _pageSize, ...query } = userQuery(filterValues, sortField, 1, 1);
  return `/users/export.csv${queryString(query)}`;
}

/** When the list shows one import's accounts (« Voir les comptes » after an import): which, and a way out. */
function ImportChip() {
  const translate = useTranslate();
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const { permissions: role } = usePermissions<Role>();
  const importId = typeof filterValues.importId === 'string' ? filterValues.importId : undefined;
  // The file's name, for those who may read imports; the others are told it is an import.
  const { data } = useGetOne('imports', { id: importId ?? '' }, { enabled: Boolean(importId) && can.importAccounts(role), retry: false });
  if (!importId) return null;
  const { importId: _gone, ...others } = filterValues;
  return (
    <Chip
      label={data ? translate('sesame.exports.importFilter', { name: data.fileName }) : translate('sesame.exports.importFilterUnnamed')}
      onDelete={() => setFilters(others, displayedFilters)}
      title={data?.fileName}
      sx={{ maxWidth: 420 }}
      data-testid="import-filter"
    />
  );
}

/**
 * « Exporter »: the selection the list shows, as the CSV the API streams (every page of it, in the
 * list's order, the columns of the verification list), for whoever sees the list: the API shows
 * each role what its list shows.
 */
export function SelectionExport() {
  const translate = useTranslate();
  const notify = useNotify();
  const { filterValues, sort, total, isPending } = useListContext();
  const [pending, setPending] = useState(false);
  const download = async () => {
    setPending(true);
    try {
      await saveFile(exportPath(filterValues, sort.field), 'text/csv', 'comptes.csv');
    } catch (failure) {
      notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <ImportChip />
      <Button startIcon={pending ? <CircularProgress size={16} /> : <FileDownloadIcon />} onClick={download} disabled={isPending || !total || pending}>
        {translate('sesame.exports.button')}
      </Button>
    </>
  );
}
