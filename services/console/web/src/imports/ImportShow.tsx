import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Button, Card, CardContent, Chip, CircularProgress, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Link, ShowBase, Title, useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { formatDateTime } from '../distribution/labels';
import { confirmBlock, importIsActive, importProgress, importState } from './import-state';
import { ImportDoneActions } from './ImportDoneActions';
import { IMPORT_STATUS_COLOR } from './ImportList';
import { type ImportReportView, importsApi } from './imports-api';
import { ImportErrors, ImportPreview, NewClasses } from './ImportTables';
import { UndoButton } from '../undo/UndoDialog';

/** The state in a sentence read out as it changes, and the bar while the file is checked or imported. */
function Progress({ report }: { report: ImportReportView }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const number = (value: number) => value.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
  const state = importState(report);
  const progress = importProgress(report);
  return (
    <Box sx={{ my: 2 }}>
      <Typography role="status" aria-live="polite" data-testid="import-state" sx={{ fontWeight: 600 }}>
        {translate(`sesame.imports.state.${state.key}`, { ...state.args, count: number(Number(state.args.smart_count ?? 0)) })}
      </Typography>
      {progress && (
        <>
          <Typography sx={{ mt: 1 }}>
            {translate(`sesame.imports.phase.${progress.phase.key}`, { ...progress.phase.args, done: number(report.progress.done), total: number(report.progress.total) })}
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 1 }}>
            <LinearProgress
              variant={progress.determinate ? 'determinate' : 'indeterminate'}
              value={progress.percent}
              aria-label={translate('sesame.imports.progressLabel')}
              sx={{ flex: 1, height: 10, borderRadius: 5 }}
            />
            <Typography aria-hidden sx={{ minWidth: 48, textAlign: 'right' }}>
              {progress.determinate ? `${progress.percent} %` : ''}
            </Typography>
          </Stack>
        </>
      )}
      {report.failure && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {report.failure.message}
        </Alert>
      )}
    </Box>
  );
}

/** "Confirm the import", disabled with the reason while it cannot be confirmed (errors remain…). */
function Confirm({ report }: { report: ImportReportView }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const [pending, setPending] = useState(false);
  const blocked = confirmBlock(report);
  if (blocked === 'confirmed') return null;
  const confirm = async () => {
    setPending(true);
    try {
      await importsApi.confirm(report.id);
      notify('sesame.imports.confirmed', { type: 'success' });
      refresh();
    } catch (failure) {
      notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
    } finally {
      setPending(false);
    }
  };
  return (
    <Box sx={{ mt: 2 }}>
      <Typography id="import-confirm-why" sx={{ mb: 1 }}>
        {blocked
          ? translate(`sesame.imports.blocked.${blocked}`)
          : translate('sesame.imports.confirmWhat', { smart_count: report.validRows, count: report.validRows.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR') })}
      </Typography>
      <Button
        variant="contained"
        onClick={confirm}
        disabled={blocked !== null || pending}
        aria-describedby="import-confirm-why"
        startIcon={pending ? <CircularProgress size={16} /> : undefined}
      >
        {translate('sesame.imports.confirm')}
      </Button>
    </Box>
  );
}

function ReportDownload({ report }: { report: ImportReportView }) {
  const translate = useTranslate();
  const notify = useNotify();
  if (report.expired || report.status === 'validating' || report.totalRows === 0) return null;
  const download = async () => {
    try {
      await importsApi.downloadReport(report.id);
    } catch (failure) {
      notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
    }
  };
  return (
    <Button variant="outlined" startIcon={<DownloadIcon />} onClick={download}>
      {translate('sesame.imports.downloadReport')}
    </Button>
  );
}

/**
 * Supervisors without their administrator: the file is right, the form lacked a choice. Said so,
 * with the way back to the form (the importer reports it on the rows; SPEC §5).
 */
function AdministratorMissing({ report }: { report: ImportReportView }) {
  const translate = useTranslate();
  if (report.status !== 'invalid' || !report.errors.some((issue) => issue.code === 'managed_by.required')) return null;
  return (
    <Alert
      severity="warning"
      sx={{ mt: 2 }}
      action={
        <Button component={Link} to="/imports" color="inherit" size="small">
          {translate('sesame.imports.administratorMissing.action')}
        </Button>
      }
    >
      {translate('sesame.imports.administratorMissing.text')}
    </Alert>
  );
}

function ImportReportPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const report = useRecordContext<ImportReportView>();
  if (!report?.progress) return null;
  const number = (value: number) => value.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
  return (
    <>
      <Title title={translate('sesame.imports.title', { name: report.fileName })} />
      <Card component="section" aria-labelledby="import-report" sx={{ mt: 2 }}>
        <CardContent>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography id="import-report" component="h2" variant="h5" sx={{ mr: 1, overflowWrap: 'anywhere' }}>
              {report.fileName}
            </Typography>
            <Chip size="small" variant="outlined" color={IMPORT_STATUS_COLOR[report.status]} label={translate(`sesame.imports.status.${report.status}`)} />
          </Stack>
          <Typography sx={{ mt: 1 }}>{translate('sesame.imports.uploadedBy', { username: report.uploadedBy.username, date: formatDateTime(report.createdAt, locale) })}</Typography>
          {report.encoding && report.delimiter && (
            <Typography>
              {translate('sesame.imports.readAs', {
                encoding: translate(`sesame.imports.encodings.${report.encoding === 'utf-8' && report.bom ? 'utf8bom' : report.encoding === 'utf-8' ? 'utf8' : 'windows1252'}`),
                delimiter: translate(`sesame.imports.delimiters.${report.delimiter === '\t' ? 'tab' : report.delimiter === ';' ? 'semicolon' : 'comma'}`),
              })}
            </Typography>
          )}
          {report.status !== 'validating' && (
            <Typography sx={{ mt: 1 }}>
              {translate('sesame.imports.rowsSummary', { smart_count: report.totalRows, count: number(report.totalRows), valid: number(report.validRows), errors: number(report.errorCount) })}
            </Typography>
          )}
          {report.alreadyImported && (
            <Alert severity="warning" sx={{ mt: 2 }}>
              {translate('sesame.imports.alreadyImported', { date: formatDateTime(report.alreadyImported.at, locale) })}{' '}
              <Link to={`/imports/${report.alreadyImported.id}/show`}>{translate('sesame.imports.seeEarlier')}</Link>
            </Alert>
          )}
          <Progress report={report} />
          <AdministratorMissing report={report} />
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            {report.status === 'done' && <ImportDoneActions importId={report.id} created={report.createdAccounts ?? 0} />}
            <ReportDownload report={report} />
            {report.status === 'done' && <UndoButton kind="import" id={report.id} />}
          </Stack>
          <Confirm report={report} />
        </CardContent>
      </Card>
      <ImportErrors report={report} />
      <NewClasses report={report} />
      <ImportPreview report={report} />
      <Typography sx={{ mt: 2 }}>
        <Link to="/imports">{translate('sesame.imports.another')}</Link>
      </Typography>
    </>
  );
}

/** One import's report (GET /imports/:id), asked again every second while it is checked or imported. */
export function ImportShow() {
  return (
    <ShowBase resource="imports" queryOptions={{ refetchInterval: (query) => (importIsActive(query.state.data as ImportReportView | undefined) ? 1000 : false) }}>
      <ImportReportPage />
    </ShowBase>
  );
}
