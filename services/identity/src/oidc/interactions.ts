import { Inject, Injectable, Logger } from '@nestjs/common';
import { FORGOT_PASSWORD_ANSWER, RULE_MESSAGES, interpolate, titleOf } from '@sesame/account-rules';
import { ServiceFailure } from '@sesame/contracts';
import express, { NextFunction, Request, Response, Router } from 'express';
import { ActivationService } from '../activation/activation.service';
import { PasswordResetService } from '../activation/password-reset.service';
import { AuthService } from '../auth/auth.service';
import { AttemptThrottle } from '../throttle/attempt-throttle';
import { ResetRequestLimiter } from '../throttle/reset-request-limiter';
import { ACTIVATION_THROTTLE, LOGIN_THROTTLE } from '../throttle/throttle.module';
import { accessRefusal } from './claims.rules';
import { OidcAccountsRepository } from './oidc-accounts.repository';
import { FormState, Locale, activatePage, consentPage, forgotPage, loginPage, refusedPage, textsOf } from './pages';
import { OidcProviderService, sesameOf } from './provider.service';

/** What a failed attempt says on the page: the API's own sentences (libs/account-rules error-titles). */
const failureText = (locale: Locale, error: ServiceFailure) =>
  titleOf(error.code, locale, (error.details.params ?? {}) as Record<string, string | number>);

const fieldText = (locale: Locale, code: string, params?: Record<string, string | number>) => {
  const messages = RULE_MESSAGES[locale] as Record<string, string>;
  return interpolate(messages[code] ?? code, params);
};

/** The language chosen last, on the console or on a sign-in page (read by both). */
const LOCALE_COOKIE = 'sesame_locale';

type Details = Awaited<ReturnType<OidcProviderService['provider']['interactionDetails']>>;

/**
 * The provider's interaction pages (OIDC_PATH/interaction/:uid): the provider sends the browser here
 * when it needs a sign-in or a consent, and is told the outcome (interactionFinished). Every check is
 * identity's own: the login throttle, the activation, the reset-request limits, the client's
 * restrictions on profiles and schools.
 */
@Injectable()
export class OidcInteractions {
  private readonly logger = new Logger('OidcInteractions');

  constructor(
    private readonly oidc: OidcProviderService,
    private readonly auth: AuthService,
    private readonly activation: ActivationService,
    private readonly reset: PasswordResetService,
    private readonly accounts: OidcAccountsRepository,
    private readonly resetRequests: ResetRequestLimiter,
    @Inject(LOGIN_THROTTLE) private readonly loginThrottle: AttemptThrottle,
    @Inject(ACTIVATION_THROTTLE) private readonly activationThrottle: AttemptThrottle,
  ) {}

  router(): Router {
    const router = express.Router();
    const form = express.urlencoded({ extended: false, limit: '16kb' });
    const page = (handler: (req: Request, res: Response, details: Details) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
      try {
        res.set('Cache-Control', 'no-store');
        res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' *; frame-ancestors 'none'; base-uri 'none'");
        res.set('X-Frame-Options', 'DENY');
        if (req.query.lang === 'fr' || req.query.lang === 'en') {
          res.cookie(LOCALE_COOKIE, req.query.lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86_400_000 });
        }
        const details = await this.oidc.provider.interactionDetails(req, res);
        if (details.uid !== req.params.uid) throw new Error('interaction mismatch');
        await handler(req, res, details);
      } catch (error) {
        next(error);
      }
    };

    router.get('/:uid', page((req, res, details) => this.show(req, res, details)));
    router.post('/:uid/login', form, page((req, res, details) => this.login(req, res, details)));
    router.get('/:uid/activate', page(async (req, res, details) => this.html(res, activatePage(this.locale(req, details), details.uid))));
    router.post('/:uid/activate', form, page((req, res, details) => this.activate(req, res, details)));
    router.get('/:uid/forgot', page(async (req, res, details) => this.html(res, forgotPage(this.locale(req, details), details.uid))));
    router.post('/:uid/forgot', form, page((req, res, details) => this.forgot(req, res, details)));
    router.post('/:uid/consent', form, page((req, res, details) => this.consent(req, res, details)));
    router.get('/:uid/abort', page((req, res) => this.finish(req, res, { error: 'access_denied', error_description: 'The user cancelled or was refused.' })));
    return router;
  }

  private html(res: Response, body: string, status = 200): void {
    res.status(status).type('html').send(body);
  }

  /**
   * The language of the pages: the one just chosen on a page (`?lang=`, remembered in the cookie the
   * console also writes), else the client's `ui_locales`, else the browser's.
   */
  private locale(req: Request, details: Details): Locale {
    const chosen = typeof req.query.lang === 'string' ? req.query.lang : new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(fr|en)`).exec(req.headers.cookie ?? '')?.[1];
    if (chosen === 'fr' || chosen === 'en') return chosen;
    const asked = String(details.params.ui_locales ?? '');
    if (asked) return asked.split(' ')[0].toLowerCase().startsWith('en') ? 'en' : 'fr';
    return req.acceptsLanguages('fr', 'en') === 'en' ? 'en' : 'fr';
  }

  private async client(details: Details) {
    const client = await this.oidc.provider.Client.find(String(details.params.client_id));
    if (!client) throw new Error('unknown client in interaction');
    return { client, sesame: sesameOf(client as unknown as { sesame?: never }), name: client.clientName ?? client.clientId };
  }

  private finish(req: Request, res: Response, result: Record<string, unknown>): Promise<void> {
    return this.oidc.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  }

  /** The page the provider asked for: sign in, or consent (asked only where the client requires it). */
  private async show(req: Request, res: Response, details: Details): Promise<void> {
    const { name } = await this.client(details);
    const locale = this.locale(req, details);
    if (details.prompt.name === 'login') {
      const loginHint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
      return this.html(res, loginPage(locale, details.uid, name, { values: { username: loginHint ?? '' } }));
    }
    return this.afterSignIn(req, res, details, String(details.session?.accountId ?? ''));
  }

  private async login(req: Request, res: Response, details: Details): Promise<void> {
    const locale = this.locale(req, details);
    const { name } = await this.client(details);
    const username = String(req.body?.username ?? '').slice(0, 256);
    const password = String(req.body?.password ?? '').slice(0, 1024);
    try {
      const account = await this.loginThrottle.attempt(username, req.ip ?? 'unknown', () => this.auth.authenticate(username, password));
      return await this.signedIn(req, res, details, account.id);
    } catch (error) {
      if (!(error instanceof ServiceFailure)) throw error;
      const status = error.code === 'rate_limited' ? 429 : error.code === 'service_unavailable' ? 503 : 401;
      return this.html(res, loginPage(locale, details.uid, name, { values: { username }, error: failureText(locale, error) }), status);
    }
  }

  private async activate(req: Request, res: Response, details: Details): Promise<void> {
    const locale = this.locale(req, details);
    const t = textsOf(locale);
    const values = {
      username: String(req.body?.username ?? '').slice(0, 256),
      activationCode: String(req.body?.activationCode ?? '').slice(0, 64),
      email: String(req.body?.email ?? '').slice(0, 320),
    };
    const password = String(req.body?.password ?? '').slice(0, 1024);
    const state: FormState = { values, fieldErrors: {} };
    if (password !== String(req.body?.confirmation ?? '')) {
      state.fieldErrors!.confirmation = t.mismatch;
      return this.html(res, activatePage(locale, details.uid, state), 400);
    }
    try {
      const session = await this.activationThrottle.attempt(values.username, req.ip ?? 'unknown', () =>
        this.activation.activate({ username: values.username, activationCode: values.activationCode, password, ...(values.email ? { email: values.email } : {}) }),
      );
      return await this.signedIn(req, res, details, session.user.id);
    } catch (error) {
      if (!(error instanceof ServiceFailure)) throw error;
      if (error.code === 'validation_failed' && error.details.issues?.length) {
        for (const issue of error.details.issues) state.fieldErrors![issue.field] = fieldText(locale, issue.code, issue.params);
      } else {
        state.error = failureText(locale, error);
      }
      return this.html(res, activatePage(locale, details.uid, state), error.code === 'rate_limited' ? 429 : 400);
    }
  }

  /** Always the same answer, whatever the login (no enumeration); identity sends the link when it may. */
  private async forgot(req: Request, res: Response, details: Details): Promise<void> {
    const locale = this.locale(req, details);
    const username = String(req.body?.username ?? '').slice(0, 256);
    if (username && (await this.resetRequests.allow(username, req.ip ?? 'unknown'))) {
      // Its duration must tell nothing: the page answers first.
      this.reset.request(username, locale).catch((error: unknown) => this.logger.error({ err: error }, 'Reset request failed'));
    }
    return this.html(res, forgotPage(locale, details.uid, { notice: FORGOT_PASSWORD_ANSWER[locale] }));
  }

  /** A login proven: the client's restrictions decide, then the session begins. */
  private async signedIn(req: Request, res: Response, details: Details, accountId: string): Promise<void> {
    const refusal = await this.refusal(details, accountId);
    if (refusal) {
      const { name } = await this.client(details);
      return this.html(res, refusedPage(this.locale(req, details), details.uid, name, refusal), 403);
    }
    await this.finish(req, res, { login: { accountId, amr: ['pwd'] } });
  }

  private async refusal(details: Details, accountId: string) {
    const { sesame } = await this.client(details);
    const account = await this.accounts.find(accountId, (id) => id);
    return account ? accessRefusal(sesame, account) : 'profile';
  }

  /**
   * Consent: a client the manager registered stands for its users' consent, unless it was marked as
   * needing it; then the user sees what it asks for. Restrictions are checked again: a session opened
   * at another tool does not let a teacher into a parents' portal.
   */
  private async afterSignIn(req: Request, res: Response, details: Details, accountId: string): Promise<void> {
    const refusal = await this.refusal(details, accountId);
    if (refusal) {
      const { name } = await this.client(details);
      return this.html(res, refusedPage(this.locale(req, details), details.uid, name, refusal), 403);
    }
    const { sesame, name } = await this.client(details);
    if (sesame.consentRequired) {
      const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
      return this.html(res, consentPage(this.locale(req, details), details.uid, name, scopes));
    }
    return this.grant(req, res, details);
  }

  private async consent(req: Request, res: Response, details: Details): Promise<void> {
    if (details.prompt.name !== 'consent') return this.show(req, res, details);
    const refusal = await this.refusal(details, String(details.session?.accountId ?? ''));
    if (refusal || req.body?.decision !== 'allow') {
      return this.finish(req, res, { error: 'access_denied', error_description: refusal ? 'This account may not use this client.' : 'The user denied the request.' });
    }
    return this.grant(req, res, details);
  }

  /** Grants what the provider found missing (scopes, claims, the API's scope for the console). */
  private async grant(req: Request, res: Response, details: Details): Promise<void> {
    const { provider } = this.oidc;
    const accountId = String(details.session?.accountId ?? '');
    const clientId = String(details.params.client_id);
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId });
    if (!grant) throw new Error('grant not found');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
}
