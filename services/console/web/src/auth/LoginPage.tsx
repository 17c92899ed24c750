import { Alert, Button, CircularProgress, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useTranslate } from 'react-admin';
import { PublicPage } from '../common/PublicPage';
import { session } from '../providers/http';
import { startSignIn } from './oidc';

/**
 * Sign-in goes through Sesame's sign-in page (the OpenID Connect provider), the one every tool of the
 * académie uses: this page sends the browser there at once. After a session ended it says so first,
 * and signing in again leads back to the page the person was on (react-admin keeps it in the
 * location's state). `?login=` pre-fills the login there.
 */
export function LoginPage() {
  const translate = useTranslate();
  const location = useLocation();
  // Read once: the notice stays until the person chooses to sign in again.
  const [ended] = useState(session.ended);
  const [leaving, setLeaving] = useState(false);
  const returnTo: string = location.state?.nextPathname ?? '/';
  const loginHint = new URLSearchParams(location.search).get('login') ?? undefined;

  const signIn = () => {
    setLeaving(true);
    void startSignIn({ returnTo, loginHint });
  };

  // Once, when the page opens (the ref keeps React's second development run from leaving twice).
  const started = useRef(false);
  useEffect(() => {
    if (started.current || ended || session.token()) return;
    started.current = true;
    setLeaving(true);
    void startSignIn({ returnTo, loginHint });
  }, [ended, returnTo, loginHint]);

  if (session.token() && !leaving) return <Navigate to="/" replace />;
  return (
    <PublicPage title={translate('sesame.login.title')}>
      {ended && (
        <Alert severity="warning" role="status" sx={{ mb: 2 }}>
          {translate('sesame.auth.sessionEnded')}
          {returnTo !== '/' ? ` ${translate('sesame.auth.backWhereYouWere')}` : ''}
        </Alert>
      )}
      {leaving ? (
        <Typography role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <CircularProgress size={20} aria-hidden />
          {translate('sesame.login.redirecting')}
        </Typography>
      ) : (
        <Button id="sign-in" variant="contained" onClick={signIn} fullWidth autoFocus>
          {translate('sesame.login.submit')}
        </Button>
      )}
    </PublicPage>
  );
}
