import { Alert, Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Title, useLocaleState, useNotify, usePermissions, useTranslate } from 'react-admin';
import { formatDate } from '../accounts/account-rows';
import type { Role } from '../common/roles';
import { api } from '../providers/http';
import { type Rentree, rentreeApi } from './rentree-api';
import { RentreeWizard, type SchoolChoice } from './RentreeWizard';
import { yearLabel } from './school-year';

/** One past rentrée's state: restorable (with its deadline), restored, or final. */
function Status({ rentree, onRestore }: { rentree: Rentree; onRestore: () => void }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (rentree.restoredAt) return <>{translate('sesame.rentree.history.restored', { date: formatDate(rentree.restoredAt, locale) })}</>;
  if (!rentree.restorable) return <>{translate('sesame.rentree.history.closed')}</>;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
      <span>{translate('sesame.rentree.history.restorable', { date: formatDate(rentree.restorableUntil, locale) })}</span>
      <Button size="small" variant="outlined" onClick={onRestore}>
        {translate('sesame.rentree.history.restore')}
      </Button>
    </Box>
  );
}

/** The rentrées opened, newest first, each restorable for 30 days (after a confirmation that says what it undoes). */
function RentreeHistory({ rentrees, schools, onRestored }: { rentrees: Rentree[]; schools: SchoolChoice[]; onRestored: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const [asked, setAsked] = useState<Rentree>();
  const [failure, setFailure] = useState<string>();
  const names = (ids: string[]) => ids.map((id) => schools.find((s) => s.id === id)?.name ?? id).join(', ');
  const restore = async () => {
    if (!asked) return;
    setFailure(undefined);
    try {
      await rentreeApi.restore(asked.id);
      notify('sesame.rentree.history.restoredNotice', { type: 'success' });
      onRestored();
    } catch (error) {
      const text = (error as Error).message;
      setFailure(translate(text, { _: text }));
    } finally {
      setAsked(undefined);
    }
  };
  if (rentrees.length === 0) return <Typography>{translate('sesame.rentree.history.none')}</Typography>;
  const columns = ['year', 'schools', 'openedAt', 'counts', 'status'] as const;
  return (
    <>
      {failure && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {failure}
        </Alert>
      )}
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" sx={{ '& caption': { captionSide: 'top', textAlign: 'left', px: 0, pt: 0 } }}>
          <Box component="caption">{translate('sesame.rentree.history.caption')}</Box>
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                <TableCell key={column} component="th" scope="col">
                  {translate(`sesame.rentree.history.columns.${column}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rentrees.map((rentree) => (
              <TableRow key={rentree.id} data-rentree={rentree.id}>
                <TableCell component="th" scope="row">
                  {yearLabel(rentree.schoolYear)}
                </TableCell>
                <TableCell>{names(rentree.schoolIds)}</TableCell>
                <TableCell>{formatDate(rentree.openedAt, locale)}</TableCell>
                <TableCell>{translate('sesame.rentree.history.counts', { classes: rentree.counts.classesArchived, pupils: rentree.counts.pupilsKept })}</TableCell>
                <TableCell>
                  <Status rentree={rentree} onRestore={() => setAsked(rentree)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <Dialog open={Boolean(asked)} onClose={() => setAsked(undefined)} aria-labelledby="rentree-restore-title">
        <DialogTitle id="rentree-restore-title">{translate('sesame.rentree.history.restoreTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{asked && translate('sesame.rentree.history.restoreText', { year: yearLabel(asked.schoolYear) })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsked(undefined)}>{translate('sesame.rentree.history.cancel')}</Button>
          <Button variant="contained" color="warning" onClick={restore}>
            {translate('sesame.rentree.history.restoreConfirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/**
 * « Rentrée scolaire » (/rentree): the manager, or an administrator for their schools, opens the new
 * school year with the wizard, and restores the previous one within 30 days.
 */
export function RentreePage() {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const [schools, setSchools] = useState<SchoolChoice[]>();
  const [rentrees, setRentrees] = useState<Rentree[]>([]);
  const [failure, setFailure] = useState<string>();
  const reload = useCallback(() => {
    rentreeApi.list().then(
      (answer) => setRentrees(answer.items),
      (error: Error) => setFailure(error.message),
    );
  }, []);
  useEffect(() => {
    api<SchoolChoice[]>('GET', '/schools').then(setSchools, (error: Error) => setFailure(error.message));
    reload();
  }, [reload]);
  return (
    <Box sx={{ maxWidth: 1040 }}>
      <Title title={translate('sesame.sections.rentree')} />
      {failure && <Alert severity="error">{translate(failure, { _: failure })}</Alert>}
      <Card component="section" aria-labelledby="rentree-wizard-title" sx={{ mt: 2 }}>
        <CardContent>
          <Typography id="rentree-wizard-title" component="h2" variant="h5" gutterBottom>
            {translate('sesame.rentree.wizard.heading')}
          </Typography>
          <Typography sx={{ mb: 2 }}>{translate('sesame.rentree.intro')}</Typography>
          {schools && <RentreeWizard schools={schools} manager={role === 'manager'} onOpened={reload} />}
        </CardContent>
      </Card>
      <Card component="section" aria-labelledby="rentree-history-title" sx={{ mt: 2 }}>
        <CardContent>
          <Typography id="rentree-history-title" component="h2" variant="h5" gutterBottom>
            {translate('sesame.rentree.history.heading')}
          </Typography>
          {schools && <RentreeHistory rentrees={rentrees} schools={schools} onRestored={reload} />}
        </CardContent>
      </Card>
    </Box>
  );
}
