import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { type FormEvent, useEffect, useState } from 'react';
import { Title, useLocaleState, useNotify, usePermissions, useTranslate } from 'react-admin';
import { formatDate } from '../accounts/account-rows';
import { type Role, can } from '../common/roles';
import { ApiError } from '../providers/http';
import { type LifecyclePolicy, type PolicyEntry, lifecycleApi } from './lifecycle-api';
import { DELAYS, MAX_NOTICE_DAYS, type PolicyField, type PolicyRow, delayOf, entriesOf, errorsByProfile, noticeOf, rowProblems, rowsOf, rowTotal } from './policy';
import { SimulatorCard } from './SimulatorCard';

type Profile = PolicyEntry['profile'];
type RowErrors = Partial<Record<Profile, string[]>>;

/** A profile's total from departure to deletion, flagged past the legal maximum. */
function Total({ row, maximum }: { row: PolicyRow; maximum: number }) {
  const translate = useTranslate();
  const total = rowTotal(row);
  if (total === undefined) return <>—</>;
  if (total <= maximum) return <>{translate('sesame.lifecycle.policy.total', { smart_count: total })}</>;
  return (
    <Typography component="span" color="error" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, fontWeight: 600, fontSize: 'inherit' }}>
      <WarningAmberIcon fontSize="small" aria-hidden />
      {translate('sesame.lifecycle.policy.overLimit', { total, maximum })}
    </Typography>
  );
}

/** A delay or the notice of a profile: a field for the manager, a figure for the others. */
function DaysCell({ row, field, editable, errorId, invalid, onChange }: { row: PolicyRow; field: PolicyField; editable: boolean; errorId?: string; invalid: boolean; onChange: (field: PolicyField, value: string) => void }) {
  const translate = useTranslate();
  const profile = translate(`sesame.profiles.${row.profile}`);
  const notice = field === 'noticeDays';
  return (
    <TableCell align="right">
      {editable ? (
        <TextField
          type="number"
          size="small"
          hiddenLabel
          value={row[field]}
          onChange={(event) => onChange(field, event.target.value)}
          error={invalid || (notice ? noticeOf(row[field]) : delayOf(row[field])) === undefined}
          slotProps={{
            htmlInput: {
              min: 0,
              max: notice ? MAX_NOTICE_DAYS : undefined,
              step: 1,
              inputMode: 'numeric',
              'aria-label': translate('sesame.lifecycle.policy.input', { profile, delay: translate(`sesame.lifecycle.policy.delays.${field}`) }),
              'aria-describedby': errorId,
              style: { textAlign: 'right' },
            },
          }}
          sx={{ width: 110 }}
        />
      ) : (
        row[field]
      )}
    </TableCell>
  );
}

/**
 * One profile: its three delays, its total, its notice (after the total: it is not one of the
 * delays), and why it was refused.
 */
function PolicyTableRow({ row, maximum, editable, errors, onChange }: { row: PolicyRow; maximum: number; editable: boolean; errors?: string[]; onChange: (field: PolicyField, value: string) => void }) {
  const profile = useTranslate()(`sesame.profiles.${row.profile}`);
  const errorId = errors?.length ? `lifecycle-errors-${row.profile}` : undefined;
  const cell = (field: PolicyField) => <DaysCell key={field} row={row} field={field} editable={editable} errorId={errorId} invalid={Boolean(errors?.length)} onChange={onChange} />;
  return (
    <>
      <TableRow data-profile={row.profile}>
        <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
          {profile}
        </TableCell>
        {DELAYS.map(cell)}
        <TableCell>
          <Total row={row} maximum={maximum} />
        </TableCell>
        {cell('noticeDays')}
      </TableRow>
      {errorId && errors ? (
        <TableRow>
          <TableCell colSpan={DELAYS.length + 3}>
            <Alert severity="error" id={errorId}>
              {errors.join(' ')}
            </Alert>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}

/**
 * The delays of every profile, the manager's to change (PUT with every profile, refused whole past
 * the legal limit: the refusal is said on the rows it names). Once saved, the rows are the policy as
 * the API now has it.
 */
function PolicyForm({ policy, editable, onSaved }: { policy: LifecyclePolicy; editable: boolean; onSaved: (policy: LifecyclePolicy) => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [rows, setRows] = useState(() => rowsOf(policy.profiles));
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);
  const change = (profile: Profile, field: PolicyField, value: string) => {
    setRows((all) => all.map((row) => (row.profile === profile ? { ...row, [field]: value } : row)));
    setRowErrors((all) => ({ ...all, [profile]: undefined }));
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    const entries = entriesOf(rows);
    if (!entries) {
      const problems = rows.map((row) => [row.profile, rowProblems(row).map((problem) => translate(`sesame.lifecycle.policy.${problem}`, { maximum: MAX_NOTICE_DAYS }))] as const);
      return setRowErrors(Object.fromEntries(problems.filter(([, texts]) => texts.length > 0)));
    }
    setPending(true);
    try {
      const saved = await lifecycleApi.setPolicy(entries);
      onSaved(saved);
      setRows(rowsOf(saved.profiles));
      setRowErrors({});
      notify('sesame.lifecycle.policy.saved', { type: 'success' });
    } catch (failure) {
      const errors = failure instanceof ApiError ? failure.problem.errors : undefined;
      if (errors?.length) {
        const placed = errorsByProfile(errors, entries);
        setRowErrors(placed.rows);
        setMessage(placed.other.length ? placed.other.join(' ') : undefined);
      } else {
        setMessage(translate((failure as Error).message, { _: (failure as Error).message }));
      }
    } finally {
      setPending(false);
    }
  };
  const columns = ['profile', ...DELAYS, 'total', 'noticeDays'] as const;
  return (
    <Box component="form" onSubmit={save} noValidate>
      {message && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {message}
        </Alert>
      )}
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" sx={{ '& caption': { captionSide: 'top', textAlign: 'left', px: 0, pt: 0 } }}>
          <Box component="caption">{translate('sesame.lifecycle.policy.caption')}</Box>
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                <TableCell key={column} component="th" scope="col" align={column === 'profile' || column === 'total' ? 'left' : 'right'} sx={column === 'total' ? { width: '30%' } : undefined}>
                  {translate(`sesame.lifecycle.policy.columns.${column}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <PolicyTableRow
                key={row.profile}
                row={row}
                maximum={policy.legalMaximumDays}
                editable={editable}
                errors={rowErrors[row.profile]}
                onChange={(field, value) => change(row.profile, field, value)}
              />
            ))}
          </TableBody>
        </Table>
      </Box>
      {editable && (
        <Button type="submit" variant="contained" disabled={pending} startIcon={pending ? <CircularProgress size={16} /> : undefined} sx={{ mt: 2 }}>
          {translate('sesame.lifecycle.policy.save')}
        </Button>
      )}
    </Box>
  );
}

/**
 * « Calendrier des départs » (/lifecycle): per profile, the days from a member's departure to
 * deactivation, pre-deletion and deletion, within the legal limit. Everybody who lists accounts
 * reads it; the manager sets it.
 */
export function LifecyclePolicyPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions: role } = usePermissions<Role>();
  const [policy, setPolicy] = useState<LifecyclePolicy>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let current = true;
    lifecycleApi.policy().then(
      (answer) => current && setPolicy(answer),
      (error: Error) => current && setFailure(error.message),
    );
    return () => {
      current = false;
    };
  }, []);
  const editable = can.setLifecyclePolicy(role);
  return (
    <Box sx={{ maxWidth: 1040 }}>
      <Title title={translate('sesame.sections.lifecycle')} />
      <Card component="section" aria-labelledby="lifecycle-policy-title" sx={{ mt: 2 }}>
        <CardContent>
          <Typography id="lifecycle-policy-title" component="h2" variant="h5" gutterBottom>
            {translate('sesame.lifecycle.policy.heading')}
          </Typography>
          {failure && <Alert severity="error">{translate(failure, { _: failure })}</Alert>}
          {policy && (
            <>
              <Typography sx={{ mb: 1 }}>{translate('sesame.lifecycle.policy.law', { maximum: policy.legalMaximumDays })}</Typography>
              <Typography sx={{ mb: 1 }}>{translate('sesame.lifecycle.policy.steps')}</Typography>
              <Typography sx={{ mb: 1 }}>{translate('sesame.lifecycle.policy.notices')}</Typography>
              <Typography sx={{ mb: 1 }}>{translate(editable ? 'sesame.lifecycle.policy.managerHelp' : 'sesame.lifecycle.policy.readOnly')}</Typography>
              <Typography sx={{ mb: 2 }} color="text.secondary">
                {policy.updatedAt ? translate('sesame.lifecycle.policy.updatedAt', { date: formatDate(policy.updatedAt, locale) }) : translate('sesame.lifecycle.policy.neverUpdated')}
              </Typography>
              <PolicyForm policy={policy} editable={editable} onSaved={setPolicy} />
            </>
          )}
        </CardContent>
      </Card>
      <SimulatorCard academy={role === 'manager'} />
    </Box>
  );
}
