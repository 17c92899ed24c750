import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import type { Subject } from '@sesame/account-rules/src/permissions.rules';
import { formatDate } from '../accounts/account-rows';
import type { Me } from '../common/roles';
import { calendarSentence, departureActions, noticeSentences } from './calendar';
import { CancelDepartureDialog, DepartDialog } from './DepartureDialogs';
import { type AccountLifecycle, lifecycleApi } from './lifecycle-api';

/** What the block needs to know about the account shown. */
export interface CalendarAccount extends Subject {
  username: string;
  displayName?: string | null;
  leftAt: string | null;
  deactivatedAt: string | null;
  preDeletedAt: string | null;
}

/**
 * The account's calendar (GET /users/:id/lifecycle), asked again whenever the account's page is
 * refreshed with another state (a departure, a reactivation, a restoration from the actions above).
 */
function useCalendar(account: CalendarAccount) {
  const [calendar, setCalendar] = useState<AccountLifecycle>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let current = true;
    setFailure(undefined);
    lifecycleApi.ofUser(account.id).then(
      (answer) => current && setCalendar(answer),
      (error: Error) => current && setFailure(error.message),
    );
    return () => {
      current = false;
    };
  }, [account.id, account.leftAt, account.deactivatedAt, account.preDeletedAt]);
  // Another account's calendar (the page of its manager was opened) is never shown here.
  return { calendar: calendar?.id === account.id ? calendar : undefined, failure, setCalendar };
}

/** The notices of the departure, one sentence each: sent, waiting to be sent, or refused. */
function Notices({ calendar }: { calendar: AccountLifecycle }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notices = noticeSentences(calendar);
  if (notices.length === 0) return null;
  return (
    <Box component="ul" aria-label={translate('sesame.lifecycle.account.noticesLabel')} data-testid="account-notices" sx={{ mt: 1, mb: 0, pl: 3 }}>
      {notices.map((notice) => (
        <Typography component="li" key={`${notice.kind} ${notice.on}`}>
          {translate(`sesame.lifecycle.account.notices.${notice.kind}.${notice.state}`, { on: formatDate(notice.on, locale), sentAt: formatDate(notice.sentAt, locale) })}
        </Typography>
      ))}
    </Box>
  );
}

/**
 * « Calendrier des départs » on an account's page: its dates said in a sentence (for an account that
 * has not left, what a departure today would give), the notices the leaver was sent, and the
 * departure to record or to cancel.
 */
export function AccountCalendar({ me, account }: { me: Me; account: CalendarAccount }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { calendar, failure, setCalendar } = useCalendar(account);
  const [dialog, setDialog] = useState<'depart' | 'cancel'>();
  if (failure) {
    return (
      <Alert severity="error" sx={{ mt: 3 }}>
        {translate(failure, { _: failure })}
      </Alert>
    );
  }
  const sentence = calendar && calendarSentence(calendar);
  if (!calendar || !sentence) return null;
  const dates = Object.fromEntries(Object.entries(sentence.dates).map(([key, value]) => [key, formatDate(value, locale)]));
  const actions = departureActions(me, account, calendar);
  const done = (answer: AccountLifecycle) => setCalendar(answer);
  return (
    <Box component="section" aria-labelledby="account-calendar-title" sx={{ mt: 3, pt: 2, borderTop: 1, borderColor: 'divider' }}>
      <Typography id="account-calendar-title" component="h3" variant="h6" gutterBottom>
        {translate('sesame.lifecycle.account.heading')}
      </Typography>
      <Typography data-testid="account-calendar">{translate(`sesame.lifecycle.account.${sentence.key}`, dates)}</Typography>
      <Notices calendar={calendar} />
      {actions.managerCancels && <Typography sx={{ mt: 1 }}>{translate('sesame.lifecycle.account.cancelManagerOnly')}</Typography>}
      {(actions.depart || actions.cancel) && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }}>
          {actions.depart && (
            <Button variant="outlined" onClick={() => setDialog('depart')}>
              {translate('sesame.lifecycle.depart.label')}
            </Button>
          )}
          {actions.cancel && (
            <Button variant="outlined" onClick={() => setDialog('cancel')}>
              {translate('sesame.lifecycle.cancel.label')}
            </Button>
          )}
        </Stack>
      )}
      {dialog === 'depart' && <DepartDialog account={account} onClose={() => setDialog(undefined)} onDone={done} />}
      {dialog === 'cancel' && <CancelDepartureDialog account={account} undo={calendar.step !== 'leaving'} onClose={() => setDialog(undefined)} onDone={done} />}
    </Box>
  );
}
