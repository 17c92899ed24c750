import {
  Alert,
  Box,
  Button,
  Checkbox,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { type HeldAnswer, REASON_MAX_LENGTH, confirmBlock, heldConfirmations, heldSchools, percent, reasonProblem, totalChanges } from './feed-state';
import { type FeedViewData, feedsApi } from './feeds-api';
import { useSchoolName } from './FeedTables';

/**
 * The second, explicit confirmation of each held school: a box to tick and a reason of at least ten
 * characters, sent in `held` (and audited). The gateway's refusal (409) is said in the dialog.
 */
function HeldDialog({ feed, open, onClose, onConfirm }: { feed: FeedViewData; open: boolean; onClose: () => void; onConfirm: (held: Array<{ uai: string; reason: string }>) => Promise<string | undefined> }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const schoolName = useSchoolName();
  const number = (value: number) => value.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
  const [answers, setAnswers] = useState<Record<string, HeldAnswer>>({});
  const [tried, setTried] = useState(false);
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const { held, missing } = heldConfirmations(feed.schools, answers);
  const answer = (uai: string) => answers[uai] ?? { confirmed: false, reason: '' };
  const change = (uai: string, over: Partial<HeldAnswer>) => setAnswers((all) => ({ ...all, [uai]: { ...answer(uai), ...over } }));
  const send = async () => {
    setTried(true);
    if (missing.length) return;
    setPending(true);
    setRefusal(await onConfirm(held));
    setPending(false);
  };
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="feed-held-title" maxWidth="md" fullWidth>
      <DialogTitle id="feed-held-title">{translate('sesame.feeds.held.title')}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate('sesame.feeds.held.intro', { max: percent(feed.maxLeaversPercent, locale) })}</Typography>
        {heldSchools(feed).map((school) => {
          const problem = reasonProblem(answer(school.uai).reason);
          const showProblem = (tried || answer(school.uai).reason.length > 0) && problem;
          return (
            <Box key={school.uai} component="fieldset" data-uai={school.uai} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, mb: 2, p: 2 }}>
              <Typography component="legend" sx={{ fontWeight: 600, px: 1 }}>
                {translate('sesame.feeds.held.school', {
                  school: schoolName(school),
                  percent: percent(school.leaversPercent, locale),
                  accounts: number(school.accounts),
                  smart_count: school.counts.leaver ?? 0,
                  leavers: number(school.counts.leaver ?? 0),
                })}
              </Typography>
              <FormControlLabel
                control={<Checkbox checked={answer(school.uai).confirmed} onChange={(event) => change(school.uai, { confirmed: event.target.checked })} />}
                label={translate('sesame.feeds.held.check', { uai: school.uai })}
              />
              <TextField
                label={translate('sesame.feeds.held.reason')}
                value={answer(school.uai).reason}
                onChange={(event) => change(school.uai, { reason: event.target.value })}
                helperText={showProblem ? translate(`sesame.feeds.held.reasonProblems.${problem}`) : translate('sesame.feeds.held.reasonHelp')}
                error={Boolean(showProblem)}
                slotProps={{ htmlInput: { maxLength: REASON_MAX_LENGTH } }}
                fullWidth
                multiline
                minRows={2}
                sx={{ mt: 1 }}
              />
            </Box>
          );
        })}
        {tried && missing.length > 0 && (
          <Alert severity="warning" role="alert">
            {translate('sesame.feeds.held.missing')}
          </Alert>
        )}
        {refusal && (
          <Alert severity="error" role="alert" sx={{ mt: 1 }}>
            {translate(refusal, { _: refusal })}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('sesame.feeds.held.cancel')}</Button>
        <Button variant="contained" onClick={send} disabled={pending} startIcon={pending ? <CircularProgress size={16} /> : undefined}>
          {translate('sesame.feeds.held.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * « Confirmer », disabled with the reason while it cannot be pressed. With held schools, it opens
 * their second confirmation; without, it confirms at once (the first confirmation is the button).
 */
export function FeedConfirm({ feed }: { feed: FeedViewData }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const [pending, setPending] = useState(false);
  const [dialog, setDialog] = useState(false);
  const blocked = confirmBlock(feed);
  if (blocked === 'confirmed') return null;
  const changes = totalChanges(feed.totals);
  /** Sends the confirmation; answers the refusal's sentence, if any. */
  const confirm = async (held: Array<{ uai: string; reason: string }>) => {
    setPending(true);
    try {
      await feedsApi.confirm(feed.id, held);
      setDialog(false);
      notify('sesame.feeds.confirmed', { type: 'success' });
      refresh();
      return undefined;
    } catch (failure) {
      // A comparison gone stale is made again: the page shows it being redone.
      refresh();
      return (failure as Error).message;
    } finally {
      setPending(false);
    }
  };
  const press = async () => {
    if (heldSchools(feed).length) return setDialog(true);
    const refusal = await confirm([]);
    if (refusal) notify(refusal, { type: 'error', messageArgs: { _: refusal } });
  };
  return (
    <Box sx={{ mt: 2 }}>
      <Typography id="feed-confirm-why" sx={{ mb: 1 }}>
        {blocked ? translate(`sesame.feeds.blocked.${blocked}`) : translate('sesame.feeds.confirmWhat', { smart_count: changes, count: changes.toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR') })}
      </Typography>
      <Button
        variant="contained"
        onClick={press}
        disabled={blocked !== null || pending}
        aria-describedby="feed-confirm-why"
        startIcon={pending && !dialog ? <CircularProgress size={16} /> : undefined}
      >
        {translate('sesame.feeds.confirm')}
      </Button>
      {dialog && <HeldDialog feed={feed} open={dialog} onClose={() => setDialog(false)} onConfirm={confirm} />}
    </Box>
  );
}
