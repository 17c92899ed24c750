import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useState } from 'react';
import { Confirm, Form, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { formatDate } from '../accounts/account-rows';
import { accountName } from '../accounts/labels';
import { DayInput } from '../common/DayInput';
import { useSubmit } from '../common/useSubmit';
import { departureOf, parisDay } from './departure';
import { type AccountLifecycle, lifecycleApi } from './lifecycle-api';

interface Props {
  account: { id: string; username: string; displayName?: string | null };
  onClose: () => void;
  /** The account's calendar as the API answered it. */
  onDone: (calendar: AccountLifecycle) => void;
}

/**
 * « Enregistrer un départ »: the day it happened (today unless told, never a day to come), then the
 * departure, said with the dates it gives. The API's refusal goes on the field or above it.
 */
export function DepartDialog({ account, onClose, onDone }: Props) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const name = accountName(account);
  const { submit, error } = useSubmit(async (values: { leftAt?: string }) => {
    const departure = departureOf(values.leftAt);
    const answer = await lifecycleApi.depart(account.id, 'leftAt' in departure ? departure.leftAt : undefined);
    notify('sesame.lifecycle.depart.done', {
      type: 'success',
      messageArgs: { name, deactivateOn: formatDate(answer.dates?.deactivateOn, locale), deleteOn: formatDate(answer.dates?.deleteOn, locale) },
    });
    onDone(answer);
    refresh();
    onClose();
  }, ['leftAt']);
  /** The day is checked here first, as the API would: a missing day or one to come is said on the field. */
  const send = (values: Record<string, unknown>) => {
    const departure = departureOf(values.leftAt as string | undefined);
    return 'problem' in departure ? { leftAt: translate(`sesame.lifecycle.depart.${departure.problem}`) } : submit(values);
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="depart-title" aria-describedby="depart-question" fullWidth maxWidth="sm">
      {/* Its own record: the account's page would give the form the account's (and its `leftAt`, null). */}
      <Form record={{}} mode="onChange" defaultValues={{ leftAt: parisDay() }} onSubmit={send} noValidate disableInvalidFormNotification>
        <DialogTitle id="depart-title">{translate('sesame.lifecycle.depart.title', { name })}</DialogTitle>
        <DialogContent>
          <Typography id="depart-question" sx={{ mb: 2 }}>
            {translate('sesame.lifecycle.depart.question')}
          </Typography>
          {error}
          <DayInput source="leftAt" label={translate('sesame.lifecycle.depart.date')} helperText={translate('sesame.lifecycle.depart.dateHelp')} fullWidth />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" color="warning">
            {translate('sesame.lifecycle.depart.confirm')}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
}

/**
 * « Annuler le départ », after its confirmation: the departure forgotten and, for an account the
 * calendar has already deactivated or pre-deleted (`undo`), what it did undone.
 */
export function CancelDepartureDialog({ account, undo, onClose, onDone }: Props & { undo: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const name = accountName(account);
  const run = async () => {
    setPending(true);
    try {
      onDone(await lifecycleApi.comeBack(account.id));
      notify('sesame.lifecycle.cancel.done', { type: 'success', messageArgs: { name } });
      refresh();
    } catch (failure) {
      notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
    } finally {
      setPending(false);
      onClose();
    }
  };
  return (
    <Confirm
      isOpen
      loading={pending}
      title={translate('sesame.lifecycle.cancel.title', { name })}
      content={translate(`sesame.lifecycle.cancel.${undo ? 'undo' : 'leaving'}`)}
      confirm={translate('sesame.lifecycle.cancel.confirm')}
      cancel={translate('ra.action.cancel')}
      onConfirm={run}
      onClose={onClose}
    />
  );
}
