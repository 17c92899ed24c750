import {
  Alert,
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
import { useEffect, useState } from 'react';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { type CampaignSelection, emailCountQuery } from './campaign-selection';
import { campaignsApi } from './campaigns-api';

type Channel = 'pdf' | 'email';
type Layout = 1 | 2 | 8;
type Language = 'fr' | 'en';

interface Props {
  channel: Channel;
  selection: CampaignSelection;
  filterValues: Record<string, unknown>;
  sortField: string | undefined;
  /** The list's exact count: the accounts a campaign will consider. */
  total: number;
  onClose: () => void;
}

/** How many accounts of the selection have an email (undefined while counting). */
function useEmailCount(filterValues: Record<string, unknown>, sortField: string | undefined, enabled: boolean) {
  const [count, setCount] = useState<number>();
  const [error, setError] = useState<string>();
  const query = enabled ? emailCountQuery(filterValues, sortField) : undefined;
  const key = JSON.stringify(query ?? null);
  useEffect(() => {
    if (!enabled) return;
    if (!query) {
      setCount(0);
      return;
    }
    let current = true;
    campaignsApi.count(query).then(
      (total) => current && setCount(total),
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
    // The query is compared by value (its JSON): a new object each render is the same question.
  }, [key, enabled]);
  return { count, error };
}

/** A choice among a few values, as a labelled group of radio buttons (keyboard: arrows). */
function Choice<T extends string | number>({ legend, value, options, onChange }: { legend: string; value: T; options: Array<{ value: T; label: string }>; onChange: (value: T) => void }) {
  return (
    <FormControl component="fieldset" sx={{ mb: 2 }}>
      <FormLabel component="legend">{legend}</FormLabel>
      <RadioGroup row value={String(value)} onChange={(event) => onChange(options.find((option) => String(option.value) === event.target.value)!.value)}>
        {options.map((option) => (
          <FormControlLabel key={option.value} value={String(option.value)} control={<Radio />} label={option.label} />
        ))}
      </RadioGroup>
    </FormControl>
  );
}

/**
 * Step 3 of the ENT: the options of a letter or email campaign, a sentence that says exactly what
 * will happen, then the launch; the campaign's page follows its progress.
 */
export function DistributeDialog({ channel, selection, filterValues, sortField, total, onClose }: Props) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const [uiLocale] = useLocaleState();
  const [layout, setLayout] = useState<Layout>(1);
  const [locale, setLocale] = useState<Language>('fr');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [testResult, setTestResult] = useState<{ severity: 'success' | 'error'; text: string }>();
  const { count: withEmail, error: countError } = useEmailCount(filterValues, sortField, channel === 'email');
  const number = (n: number) => n.toLocaleString(uiLocale === 'en' ? 'en-GB' : 'fr-FR');
  const message = (failure: unknown) => translate((failure as Error).message, { _: (failure as Error).message });

  const launch = async () => {
    setPending(true);
    setError(undefined);
    try {
      const campaign = await campaignsApi.launch({ ...selection, channel, layout, locale });
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
      const sent = await campaignsApi.sendTest({ ...selection, locale });
      setTestResult({ severity: 'success', text: translate('sesame.distribution.testSent', { address: sent.sentTo, username: sent.username }) });
    } catch (failure) {
      setTestResult({ severity: 'error', text: message(failure) });
    }
  };

  const language = translate(`sesame.distribution.languageIn.${locale}`);
  const order = translate(`sesame.distribution.order.${selection.sort}`);
  let summary: string | undefined;
  if (channel === 'pdf') {
    summary = translate('sesame.distribution.confirmPdf', { smart_count: total, count: number(total), language, order, layout: translate(`sesame.distribution.layoutPhrase.${layout}`) });
  } else if (withEmail !== undefined) {
    const without = total - withEmail;
    summary =
      withEmail === 0
        ? translate('sesame.distribution.confirmEmailNone')
        : translate(without > 0 ? 'sesame.distribution.confirmEmailSome' : 'sesame.distribution.confirmEmailAll', {
            smart_count: withEmail,
            count: number(withEmail),
            // Said in brackets ("accounts without an address (3)"): no plural to agree with it.
            without: number(without),
            language,
          });
  }
  const canLaunch = !pending && summary !== undefined && (channel === 'pdf' || (withEmail ?? 0) > 0);

  return (
    <Dialog open onClose={onClose} aria-labelledby="distribute-title" aria-describedby="distribute-summary" fullWidth maxWidth="sm">
      <DialogTitle id="distribute-title">{translate(`sesame.distribution.${channel}Title`)}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate(`sesame.distribution.${channel}Intro`)}</Typography>
        {channel === 'pdf' && (
          <Choice
            legend={translate('sesame.distribution.layout')}
            value={layout}
            onChange={setLayout}
            options={([1, 2, 8] as const).map((value) => ({ value, label: translate(`sesame.distribution.layouts.${value}`) }))}
          />
        )}
        <Choice
          legend={translate(`sesame.distribution.${channel}Language`)}
          value={locale}
          onChange={setLocale}
          options={(['fr', 'en'] as const).map((value) => ({ value, label: translate(`sesame.distribution.languages.${value}`) }))}
        />
        {channel === 'email' && (
          <Stack spacing={1} sx={{ mb: 2 }}>
            <Typography role="status">
              {countError ??
                (withEmail === undefined
                  ? translate('sesame.distribution.counting')
                  : translate('sesame.distribution.withEmail', { smart_count: withEmail, count: number(withEmail), total: number(total) }))}
            </Typography>
            <div>
              <Button variant="outlined" onClick={sendTest} disabled={!withEmail}>
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
          <Alert id="distribute-summary" severity={canLaunch || pending ? 'info' : 'warning'} sx={{ mb: 1 }}>
            {summary} {channel === 'pdf' || (withEmail ?? 0) > 0 ? translate('sesame.distribution.expiredLeftOut') : ''}
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
