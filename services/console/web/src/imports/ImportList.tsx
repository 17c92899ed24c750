import { Chip, Typography } from '@mui/material';
import { DataTable, Link, List, Pagination, useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime } from '../distribution/labels';
import { importIsActive } from './import-state';
import type { ImportSummary } from './imports-api';
import { ImportUpload } from './ImportUpload';

export const IMPORT_STATUS_COLOR = { validating: 'default', invalid: 'error', ready: 'info', importing: 'info', done: 'success', failed: 'error' } as const;

/** The imports page: a new upload on top, the history below (GET /imports, newest first). */
export function ImportList() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const numberLocale = locale === 'en' ? 'en-GB' : 'fr-FR';
  const col = (key: string) => translate(`sesame.imports.columns.${key}`);
  return (
    <>
      <ImportUpload />
      <List
        resource="imports"
        title={translate('sesame.sections.imports')}
        actions={false}
        perPage={25}
        pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
        empty={false}
        disableSyncWithLocation
        storeKey={false}
        queryOptions={{ refetchInterval: (query) => ((query.state.data as { data?: ImportSummary[] } | undefined)?.data?.some(importIsActive) ? 2000 : false) }}
        sx={{ '& .RaList-main': { minWidth: 0 } }}
      >
        <Typography component="h2" variant="h6" sx={{ px: 2, pt: 2 }}>
          {translate('sesame.imports.history')}
        </Typography>
        <DataTable rowClick={false} bulkActionButtons={false} sx={{ overflowX: 'auto' }} empty={<Typography sx={{ p: 2 }}>{translate('sesame.imports.none')}</Typography>}>
          <DataTable.Col
            label={col('createdAt')}
            disableSort
            render={(item: ImportSummary) => (
              <>
                <Link to={`/imports/${item.id}/show`}>{formatDateTime(item.createdAt, locale)}</Link>
                <Typography variant="body2">{translate('sesame.campaigns.by', { username: item.uploadedBy.username })}</Typography>
              </>
            )}
          />
          <DataTable.Col label={col('fileName')} disableSort cellSx={() => ({ minWidth: 140, overflowWrap: 'break-word' })} render={(item: ImportSummary) => item.fileName} />
          <DataTable.Col
            label={col('rows')}
            disableSort
            // A sentence: wide enough to read at tablet widths (the table scrolls sideways).
            cellSx={() => ({ minWidth: 200 })}
            render={(item: ImportSummary) =>
              translate('sesame.imports.rowsSummary', {
                smart_count: item.totalRows,
                count: item.totalRows.toLocaleString(numberLocale),
                valid: item.validRows.toLocaleString(numberLocale),
                errors: item.errorCount.toLocaleString(numberLocale),
              })
            }
          />
          <DataTable.Col
            label={col('status')}
            disableSort
            render={(item: ImportSummary) => <Chip size="small" variant="outlined" color={IMPORT_STATUS_COLOR[item.status]} label={translate(`sesame.imports.status.${item.status}`)} />}
          />
          <DataTable.Col
            label={col('created')}
            disableSort
            render={(item: ImportSummary) => (item.createdAccounts === null ? '—' : item.createdAccounts.toLocaleString(numberLocale))}
          />
        </DataTable>
      </List>
    </>
  );
}
