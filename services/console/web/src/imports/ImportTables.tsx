import { Box, Card, CardContent, TableCell, TableRow, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { profileKey } from '../accounts/labels';
import type { ImportReportView } from './imports-api';
import { TableCard } from '../common/TableCard';

/** Every error with its line, column and value, in the server's sentence; more in report.csv. */
export function ImportErrors({ report }: { report: ImportReportView }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (report.errors.length === 0) return null;
  const col = (key: string) => translate(`sesame.imports.errors.columns.${key}`);
  return (
    <TableCard
      id="import-errors"
      title={translate('sesame.imports.errors.title')}
      caption={translate('sesame.imports.errors.caption', { smart_count: report.errorCount, count: report.errorCount.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR') })}
      head={[col('line'), col('column'), col('value'), col('message')]}
      intro={<Typography sx={{ mb: 1 }}>{translate('sesame.imports.errors.intro')}</Typography>}
    >
      {report.errors.map((issue, index) => (
        <TableRow key={`${issue.line}-${issue.column}-${index}`}>
          <TableCell component="th" scope="row">
            {issue.line === 0 ? translate('sesame.imports.errors.form') : issue.line}
          </TableCell>
          <TableCell>{issue.column ? <code>{issue.column}</code> : '—'}</TableCell>
          <TableCell sx={{ minWidth: 120, maxWidth: 280, overflowWrap: 'break-word' }}>{issue.value || '—'}</TableCell>
          <TableCell>{issue.message}</TableCell>
        </TableRow>
      ))}
      {report.moreErrors > 0 && (
        <TableRow>
          <TableCell colSpan={4}>{translate('sesame.imports.errors.more', { smart_count: report.moreErrors, count: report.moreErrors.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR') })}</TableCell>
        </TableRow>
      )}
    </TableCard>
  );
}

/** The valid rows as they will be created: names with their accents, as the directory will keep them. */
export function ImportPreview({ report }: { report: ImportReportView }) {
  const translate = useTranslate();
  if (report.preview.length === 0) return null;
  const col = (key: string) => translate(`sesame.imports.preview.columns.${key}`);
  // Once imported, the same rows say what was created.
  const done = report.status === 'done' ? 'Done' : '';
  return (
    <TableCard
      id="import-preview"
      title={translate(`sesame.imports.preview.title${done}`)}
      caption={translate(`sesame.imports.preview.caption${done}`, { smart_count: report.preview.length, valid: report.validRows })}
      head={[col('line'), col('userName'), col('firstName'), col('lastName'), col('displayName'), col('email'), col('profile'), col('school'), col('classes'), col('password')]}
    >
      {report.preview.map((row) => (
        <TableRow key={row.line}>
          <TableCell component="th" scope="row">
            {row.line}
          </TableCell>
          <TableCell>{row.userName}</TableCell>
          <TableCell>{row.firstName ?? ''}</TableCell>
          <TableCell>{row.lastName ?? ''}</TableCell>
          <TableCell>{row.displayName ?? ''}</TableCell>
          <TableCell>{row.email ?? ''}</TableCell>
          <TableCell>{translate(profileKey(row))}</TableCell>
          <TableCell>{row.school ?? ''}</TableCell>
          <TableCell>{row.classes.join(', ')}</TableCell>
          <TableCell>{translate(row.hasPassword ? 'sesame.imports.preview.passwordGiven' : 'sesame.imports.preview.activationCode')}</TableCell>
        </TableRow>
      ))}
    </TableCard>
  );
}

/** Classes the file names that did not exist: the import creates them (or has created them). */
export function NewClasses({ report }: { report: ImportReportView }) {
  const translate = useTranslate();
  if (report.newClasses.length === 0) return null;
  const done = report.status === 'done' ? 'Done' : '';
  return (
    <Card component="section" aria-labelledby="import-new-classes" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="import-new-classes" component="h2" variant="h6" gutterBottom>
          {translate(`sesame.imports.newClasses.title${done}`)}
        </Typography>
        <Typography>{translate(`sesame.imports.newClasses.intro${done}`, { smart_count: report.newClasses.length })}</Typography>
        <Box component="ul" sx={{ columns: { xs: 1, md: 3 }, pl: 3, mb: 0 }}>
          {report.newClasses.map((newClass) => (
            <li key={`${newClass.school}-${newClass.name}`}>{translate('sesame.imports.newClasses.item', { name: newClass.name, school: newClass.school })}</li>
          ))}
        </Box>
      </CardContent>
    </Card>
  );
}
