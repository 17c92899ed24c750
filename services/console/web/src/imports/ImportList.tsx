import { Chip, Typography } from '@mui/material';
import { DataTable, Link, useLocaleState, useTranslate } from 'react-admin';
import { HistoryList } from '../common/HistoryList';
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
      <HistoryList<ImportSummary>
        resource="imports"
        title={translate('sesame.sections.imports')}
        heading={translate('sesame.imports.history')}
        none={translate('sesame.imports.none')}
        isActive={importIsActive}
      >
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
      </HistoryList>
    </>
  );
}
