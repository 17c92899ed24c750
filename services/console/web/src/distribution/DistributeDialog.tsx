import {
  Alert,
  AlertTitle,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import { PROFILE_ORDER } from '@sesame/contracts/src/identity/profile-order';
import { useEffect, useState } from 'react';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { UserSort } from '../accounts/selection';
import type { CampaignSelection } from './campaign-selection';
import { type CampaignPreview, campaignsApi } from './campaigns-api';

type Channel = 'pdf' | 'email';
type Layout = 1 | 2 | 8;
type Language = 'fr' | 'en';

interface Props {
  channel: Channel;
  /**
   * What to distribute: the accounts list's filter and sort (`campaignSelection(filterValues, sort)`),
   * or chosen accounts (`{ filter: { ids: [...] }, sort: 'name' }`). The sort is the letters' order
   * offered first; the dialog lets the user choose another.
   */
  selection: CampaignSelection;
  onClose: () => void;
}

const ORDERS: UserSort[] = ['name', 'class', 'profile'];

/** What a campaign of this selection and channel would do (undefined while counting). */
function usePreview(selection: CampaignSelection, channel: Channel) {
  const [preview, setPreview] = useState<CampaignPreview>();
  const [error, setError] = useState<string>();
  const key = JSON.stringify([selection.filter, channel]);
  useEffect(() => {
    let current = true;
    setPreview(undefined);
    setError(undefined);
    campaignsApi.preview({ filter: selection.filter, channel }).then(
      (answer) => current && setPreview(answer),
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
    // The selection is compared by value (its JSON): a new object each render is the same question.
  }, [key]);
  return { preview, error };
}

/** A choice among a few values, as a labelled group of radio buttons (keyboard: arrows). */
function Choice<T extends string | number>({
  legend,
  value,
  options,
  onChange,
  column = false,
}: {
  legend: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange: (value: T) => void;
  /** One option a line (long labels). */
  column?: boolean;
}) {
  return (
    <FormControl component="fieldset" sx={{ mb: 2, display: 'block' }}>
      <FormLabel component="legend">{legend}</FormLabel>
      <RadioGroup row={!column} value={String(value)} onChange={(event) => onChange(options.find((option) => String(option.value) === event.target.value)!.value)}>
        {options.map((option) => (
          <FormControlLabel key={option.value} value={String(option.value)} control={<Radio />} label={option.label} />
        ))}
      </RadioGroup>
    </FormControl>
  );
}

/** Before launching: who will get nothing and why, and who gets a reminder rather than a code. */
function LeftOut({ preview, number }: { preview: CampaignPreview; number: (n: number) => string }) {
  const translate = useTranslate();
  const left = preview.leftOut.reduce((sum, reason) => sum + reason.accounts, 0);
  return (
    <>
      {left > 0 && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          <AlertTitle>{translate('sesame.distribution.leftOutTitle', { smart_count: left, count: number(left) })}</AlertTitle>
          <ul style={{ margin: 0, paddingLeft: '1.25em' }}>
            {preview.leftOut.map(({ reason, accounts }) => (
              <li key={reason}>{translate(`sesame.distribution.leftOut.${reason}`, { smart_count: accounts, count: number(accounts) })}</li>
            ))}
          </ul>
        </Alert>
      )}
      {preview.reminders > 0 && (
        <Typography variant="body2" sx={{ mb: 1 }}>
          {translate('sesame.distribution.reminders', { smart_count: preview.reminders, count: number(preview.reminders) })}
        </Typography>
      )}
    </>
  );
}

/**
 * Step 3 of the ENT: the options of a letter or email campaign (layout, order, language), what the
 * campaign will leave out and why, a sentence that says exactly what will happen, then the launch;
 * the campaign's page follows its progress.
 */
export function DistributeDialog({ channel, selection, onClose }: Props) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const [uiLocale] = useLocaleState();
  const [layout, setLayout] = useState<Layout>(1);
  const [order, setOrder] = useState<UserSort>(selection.sort);
  const [locale, setLocale] = useState<Language>('fr');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [testResult, setTestResult] = useState<{ severity: 'success' | 'error'; text: string }>();
  const { preview, error: previewError } = usePreview(selection, channel);
  const number = (n: number) => n.toLocaleString(uiLocale === 'en' ? 'en-GB' : 'fr-FR');
  const message = (failure: unknown) => translate((failure as Error).message, { _: (failure as Error).message });
  const profiles = PROFILE_ORDER.map((profile) => translate(`sesame.profiles.${profile}`)).join(', ');
  const reached = preview?.reached ?? 0;

  const launch = async () => {
    setPending(true);
    setError(undefined);
    try {
      const campaign = await campaignsApi.launch({ filter: selection.filter, sort: order, channel, layout, locale });
      notify('sesame.distribution.launched', { type: 'success' });
      navigate(`/campaigns/${campaign.id}/show`);
    } catch (failure) {
      setError(message(failure));
      setPending(false);
    }
  };

  const sendTest = async () => {
    setTestResult(undefined);
    try {
      const sent = await campaignsApi.sendTest({ filter: selection.filter, sort: order, locale });
      setTestResult({ severity: 'success', text: translate('sesame.distribution.testSent', { address: sent.sentTo, username: sent.username }) });
    } catch (failure) {
      setTestResult({ severity: 'error', text: message(failure) });
    }
  };

  const language = translate(`sesame.distribution.languageIn.${locale}`);
  let summary: string | undefined;
  if (preview && reached === 0) summary = translate(`sesame.distribution.nothingToSend.${channel}`);
  else if (preview && channel === 'pdf') {
    summary = translate('sesame.distribution.confirmPdf', {
      smart_count: reached,
      count: number(reached),
      language,
      layout: translate(`sesame.distribution.layoutPhrase.${layout}`),
      order: translate(`sesame.distribution.orderPhrase.${order}`, { profiles }),
    });
  } else if (preview) summary = translate('sesame.distribution.confirmEmail', { smart_count: reached, count: number(reached), language });
  const canLaunch = !pending && reached > 0;

  return (
    <Dialog open onClose={onClose} aria-labelledby="distribute-title" aria-describedby="distribute-summary" fullWidth maxWidth="sm">
      <DialogTitle id="distribute-title">{translate(`sesame.distribution.${channel}Title`)}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate(`sesame.distribution.${channel}Intro`)}</Typography>
        {channel === 'pdf' && (
          <>
            <Choice
              legend={translate('sesame.distribution.layout')}
              value={layout}
              onChange={setLayout}
              options={([1, 2, 8] as const).map((value) => ({ value, label: translate(`sesame.distribution.layouts.${value}`) }))}
            />
            <Choice
              legend={translate('sesame.distribution.order')}
              value={order}
              onChange={setOrder}
              column
              options={ORDERS.map((value) => ({ value, label: translate(`sesame.distribution.orders.${value}`, { profiles }) }))}
            />
          </>
        )}
        <Choice
          legend={translate(`sesame.distribution.${channel}Language`)}
          value={locale}
          onChange={setLocale}
          options={(['fr', 'en'] as const).map((value) => ({ value, label: translate(`sesame.distribution.languages.${value}`) }))}
        />
        <div role="status">
          {previewError ? (
            <Alert severity="error">{message(new Error(previewError))}</Alert>
          ) : preview ? (
            <LeftOut preview={preview} number={number} />
          ) : (
            <Typography sx={{ mb: 1 }}>{translate('sesame.distribution.previewing')}</Typography>
          )}
        </div>
        {channel === 'email' && (
          <Stack spacing={1} sx={{ mb: 2 }}>
            <div>
              <Button variant="outlined" onClick={sendTest} disabled={reached === 0}>
                {translate('sesame.distribution.sendTest')}
              </Button>
            </div>
            <Typography variant="body2">{translate('sesame.distribution.sendTestHelp')}</Typography>
            {testResult && (
              <Alert severity={testResult.severity} role={testResult.severity === 'error' ? 'alert' : 'status'}>
                {testResult.text}
              </Alert>
            )}
          </Stack>
        )}
        {summary && (
          <Alert id="distribute-summary" severity={reached > 0 ? 'info' : 'warning'} sx={{ mb: 1 }}>
            {summary}
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={launch} disabled={!canLaunch} startIcon={pending ? <CircularProgress size={16} /> : undefined}>
          {translate(`sesame.distribution.${channel}Confirm`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
