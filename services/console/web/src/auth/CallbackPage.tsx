import { Alert, Button, CircularProgress, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { chosenOnSignIn } from '../i18n/locale';
import { session } from '../providers/http';
import { PublicPage } from '../common/PublicPage';
import { finishSignIn, startSignIn } from './oidc';

/**
 * Where the provider sends the browser back after sign-in (CALLBACK_PATH): the code is exchanged for
 * the session's tokens, then the person is where they wanted to go. A refusal (the person cancelled,
 * or the sign-in request was not this tab's) is said in a sentence, with a way to sign in again.
 */
export function CallbackPage() {
  const translate = useTranslate();
  const [locale, setLocale] = useLocaleState();
  const [error, setError] = useState<string>();
  const started = useRef(false);

  useEffect(() => {
    // React runs effects twice in development: a code is exchanged once.
    if (started.current) return;
    started.current = true;
    // A language chosen on the sign-in page stays.
    const chosen = chosenOnSignIn();
    if (chosen && chosen !== locale) setLocale(chosen);
    void finishSignIn(window.location.search).then(async (outcome) => {
      if ('error' in outcome) return setError(outcome.error);
      // A fresh start with the session: react-admin reads who is signed in (and their menu) anew.
      session.save(outcome.accessToken);
      window.location.replace(outcome.returnTo);
    });
  }, [locale, setLocale]);

  return (
    <PublicPage title={translate('sesame.login.title')}>
      {error ? (
        <>
          <Alert severity={error === 'access_denied' ? 'warning' : 'error'} role="alert" sx={{ mb: 2 }}>
            {translate(error === 'access_denied' ? 'sesame.login.cancelled' : 'sesame.login.failed')}
          </Alert>
          <Button variant="contained" onClick={() => void startSignIn()} fullWidth>
            {translate('sesame.login.submit')}
          </Button>
        </>
      ) : (
        <Typography role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <CircularProgress size={20} aria-hidden />
          {translate('sesame.login.finishing')}
        </Typography>
      )}
    </PublicPage>
  );
}
