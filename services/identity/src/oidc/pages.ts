/*
 * The provider's pages (issue 17): sign in, first activation with the letter's code, forgotten
 * password, consent, a refusal, errors and logout. Server-rendered HTML with the console's look,
 * French first, usable with the keyboard alone: every input has its label, errors are announced
 * (role="alert") and point at their field (aria-describedby), the first field with an error gets focus.
 */

export type Locale = 'fr' | 'en';

const escape = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:Roboto,"Helvetica Neue",Arial,sans-serif;background:#f0f0f6;color:rgba(0,0,0,.87);line-height:1.5}
header{background:#000091;color:#fff;padding:12px 24px;font-size:1.25rem;font-weight:500;display:flex;align-items:center;gap:16px;flex-wrap:wrap}
header span{flex:1}
header .lang button{background:transparent;color:#fff;border:1px solid rgba(255,255,255,.7);text-transform:none;padding:4px 12px}
main{max-width:440px;margin:40px auto;padding:0 16px}
.card{background:#fff;border-radius:4px;box-shadow:0 2px 1px -1px rgba(0,0,0,.2),0 1px 1px rgba(0,0,0,.14),0 1px 3px rgba(0,0,0,.12);padding:24px}
h1{font-size:1.5rem;font-weight:400;margin:0 0 8px}
p{margin:0 0 16px}
label{display:block;font-size:.9rem;margin:16px 0 4px;color:rgba(0,0,0,.7)}
input[type=text],input[type=password],input[type=email]{width:100%;padding:10px 12px;font-size:1rem;border:1px solid rgba(0,0,0,.38);border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #90caf9;outline-offset:2px}
.hint{font-size:.8rem;color:rgba(0,0,0,.6);margin-top:4px}
.field-error{font-size:.85rem;color:#c62828;margin-top:4px}
.alert{border-left:4px solid #c62828;background:#fdecea;padding:12px;margin:0 0 16px}
.notice{border-left:4px solid #000091;background:#e8edff;padding:12px;margin:0 0 16px}
.actions{display:flex;gap:12px;margin-top:24px;flex-wrap:wrap}
button{font:inherit;font-weight:500;text-transform:uppercase;letter-spacing:.03em;padding:8px 22px;border-radius:4px;border:0;cursor:pointer}
button.primary{background:#000091;color:#fff}
button.secondary{background:transparent;color:#000091;border:1px solid rgba(0,0,145,.5)}
nav.links{margin-top:24px;font-size:.95rem}
nav.links a{color:#000091;display:inline-block;margin:4px 0}
ul.scopes{padding-left:20px}
`;

const T = {
  fr: {
    brand: 'Sesame — comptes de l’académie',
    signInTitle: 'Connexion',
    signInTo: (client: string) => `Connectez-vous pour accéder à « ${client} ».`,
    username: 'Identifiant',
    usernameHint: 'L’identifiant figure sur le courrier ou le courriel reçu de votre établissement.',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    firstVisit: 'Première connexion ? Activez votre compte avec le code de votre courrier.',
    forgot: 'Mot de passe oublié ?',
    backToSignIn: 'Revenir à la connexion.',
    cancel: 'Annuler',
    activateTitle: 'Activer mon compte',
    activateIntro: 'Saisissez l’identifiant et le code d’activation de votre courrier, puis choisissez votre mot de passe.',
    code: 'Code d’activation',
    newPassword: 'Nouveau mot de passe',
    newPasswordHint: 'Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.',
    confirm: 'Confirmez le nouveau mot de passe',
    email: 'Adresse e-mail (facultative)',
    emailHint: 'Elle servira uniquement à vous envoyer un lien si vous oubliez votre mot de passe.',
    activate: 'Activer et se connecter',
    forgotTitle: 'Mot de passe oublié',
    forgotIntro: 'Saisissez votre identifiant : si une adresse e-mail est associée à votre compte, vous y recevrez un lien pour choisir un nouveau mot de passe.',
    send: 'Envoyer le lien',
    consentTitle: 'Autorisation',
    consentIntro: (client: string) => `« ${client} » demande à recevoir les informations suivantes de votre compte.`,
    allow: 'Autoriser',
    deny: 'Refuser',
    refusedTitle: 'Accès refusé',
    refused: {
      profile: (client: string) => `Votre compte ne fait pas partie des profils autorisés à utiliser « ${client} ».`,
      school: (client: string) => `« ${client} » n’est pas ouvert aux comptes de votre établissement.`,
    },
    refusedHelp: 'Si vous pensez que c’est une erreur, adressez-vous à l’administrateur de votre établissement.',
    backToClient: (client: string) => `Revenir à « ${client} »`,
    errorTitle: 'Une erreur est survenue',
    errorIntro: 'La demande de connexion n’a pas pu aboutir. Revenez à l’application et recommencez.',
    logoutTitle: 'Déconnexion',
    logoutIntro: 'Voulez-vous vous déconnecter de Sesame et des applications que vous avez ouvertes avec ce compte ?',
    logout: 'Se déconnecter',
    stay: 'Rester connecté',
    loggedOut: 'Vous êtes déconnecté. Vous pouvez fermer cette page.',
    loggedOutOf: (client: string) => `Vous êtes déconnecté de « ${client} » et de Sesame. Vous pouvez fermer cette page.`,
    mismatch: 'Les deux mots de passe ne sont pas identiques.',
    scopes: {
      openid: 'Votre identifiant de compte, pour vous reconnaître.',
      profile: 'Votre nom et votre identifiant de connexion.',
      email: 'Votre adresse e-mail, si vous en avez donné une.',
      offline_access: 'Rester connecté à l’application quand vous n’êtes pas devant l’écran.',
      sesame: 'Votre profil, vos établissements et vos classes (et, si l’application y est autorisée, les liens entre responsables et élèves).',
    } as Record<string, string>,
  },
  en: {
    brand: 'Sesame — the académie’s accounts',
    signInTitle: 'Sign in',
    signInTo: (client: string) => `Sign in to use “${client}”.`,
    username: 'Username',
    usernameHint: 'Your username is on the letter or email your school sent you.',
    password: 'Password',
    signIn: 'Sign in',
    firstVisit: 'First visit? Activate your account with the code in your letter.',
    forgot: 'Forgotten password?',
    backToSignIn: 'Back to sign in.',
    cancel: 'Cancel',
    activateTitle: 'Activate my account',
    activateIntro: 'Enter the username and activation code from your letter, then choose your password.',
    code: 'Activation code',
    newPassword: 'New password',
    newPasswordHint: 'At least 12 characters. A phrase of several words is easy to remember and hard to guess.',
    confirm: 'Confirm the new password',
    email: 'Email address (optional)',
    emailHint: 'It is used only to send you a link if you forget your password.',
    activate: 'Activate and sign in',
    forgotTitle: 'Forgotten password',
    forgotIntro: 'Enter your username: if your account has an email address, you will receive a link there to choose a new password.',
    send: 'Send the link',
    consentTitle: 'Authorisation',
    consentIntro: (client: string) => `“${client}” asks to receive the following information from your account.`,
    allow: 'Allow',
    deny: 'Deny',
    refusedTitle: 'Access refused',
    refused: {
      profile: (client: string) => `Your account is not one of the profiles allowed to use “${client}”.`,
      school: (client: string) => `“${client}” is not open to the accounts of your school.`,
    },
    refusedHelp: 'If you think this is a mistake, ask your school’s administrator.',
    backToClient: (client: string) => `Back to “${client}”`,
    errorTitle: 'Something went wrong',
    errorIntro: 'The sign-in request could not be completed. Go back to the application and try again.',
    logoutTitle: 'Sign out',
    logoutIntro: 'Do you want to sign out of Sesame and of the applications you opened with this account?',
    logout: 'Sign out',
    stay: 'Stay signed in',
    loggedOut: 'You are signed out. You may close this page.',
    loggedOutOf: (client: string) => `You are signed out of “${client}” and of Sesame. You may close this page.`,
    mismatch: 'The two passwords are not the same.',
    scopes: {
      openid: 'Your account identifier, to recognise you.',
      profile: 'Your name and your username.',
      email: 'Your email address, if you gave one.',
      offline_access: 'Staying signed in to the application when you are away.',
      sesame: 'Your profile, your schools and your classes (and, if the application is allowed them, the links between relatives and pupils).',
    } as Record<string, string>,
  },
};

export const textsOf = (locale: Locale) => T[locale];

/** The other language, offered on each page: a GET form to `path` (the page again), which the provider remembers in a cookie. */
function languageSwitch(locale: Locale, path?: string): string {
  if (!path) return '';
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  return `<form method="get" action="${escape(path)}" class="lang"><button type="submit" name="lang" value="${other}" lang="${other}">${other === 'en' ? 'English' : 'Français'}</button></form>`;
}

function layout(locale: Locale, title: string, body: string, switchPath?: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)} — Sesame</title>
<style>${STYLE}</style>
</head>
<body>
<header role="banner"><span>${escape(T[locale].brand)}</span>${languageSwitch(locale, switchPath)}</header>
<main id="main"><div class="card">
<h1>${escape(title)}</h1>
${body}
</div></main>
</body>
</html>`;
}

/** One input with its label, hint and error, linked for screen readers. */
function field(options: { name: string; label: string; type?: string; value?: string; hint?: string; error?: string; autocomplete?: string; autofocus?: boolean; required?: boolean }): string {
  const described = [options.hint ? `${options.name}-hint` : '', options.error ? `${options.name}-error` : ''].filter(Boolean).join(' ');
  return `<label for="${options.name}">${escape(options.label)}</label>
<input id="${options.name}" name="${options.name}" type="${options.type ?? 'text'}" value="${escape(options.value ?? '')}"${options.autocomplete ? ` autocomplete="${options.autocomplete}"` : ''}${options.required === false ? '' : ' required'}${options.autofocus ? ' autofocus' : ''}${options.error ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}>
${options.hint ? `<div class="hint" id="${options.name}-hint">${escape(options.hint)}</div>` : ''}${options.error ? `<div class="field-error" id="${options.name}-error">${escape(options.error)}</div>` : ''}`;
}

const alert = (message?: string) => (message ? `<div class="alert" role="alert">${escape(message)}</div>` : '');
const notice = (message?: string) => (message ? `<div class="notice" role="status">${escape(message)}</div>` : '');

export interface FormState {
  values?: Record<string, string>;
  /** A message about the whole form. */
  error?: string;
  /** Messages about one field each. */
  fieldErrors?: Record<string, string>;
  notice?: string;
}

export function loginPage(locale: Locale, uid: string, client: string, state: FormState = {}): string {
  const t = T[locale];
  const base = `/oidc/interaction/${encodeURIComponent(uid)}`;
  return layout(
    locale,
    t.signInTitle,
    `<p>${escape(t.signInTo(client))}</p>
${notice(state.notice)}${alert(state.error)}
<form method="post" action="${base}/login" novalidate>
${field({ name: 'username', label: t.username, value: state.values?.username, hint: t.usernameHint, autocomplete: 'username', autofocus: !state.values?.username })}
${field({ name: 'password', label: t.password, type: 'password', autocomplete: 'current-password', autofocus: Boolean(state.values?.username) })}
<div class="actions"><button class="primary" type="submit">${escape(t.signIn)}</button></div>
</form>
<nav class="links" aria-label="${escape(t.signInTitle)}">
<a href="${base}/activate">${escape(t.firstVisit)}</a><br>
<a href="${base}/forgot">${escape(t.forgot)}</a><br>
<a href="${base}/abort">${escape(t.cancel)}</a>
</nav>`,
    base,
  );
}

export function activatePage(locale: Locale, uid: string, state: FormState = {}): string {
  const t = T[locale];
  const base = `/oidc/interaction/${encodeURIComponent(uid)}`;
  const errors = state.fieldErrors ?? {};
  const first = ['username', 'activationCode', 'password', 'confirmation', 'email'].find((name) => errors[name]);
  return layout(
    locale,
    t.activateTitle,
    `<p>${escape(t.activateIntro)}</p>
${alert(state.error)}
<form method="post" action="${base}/activate" novalidate>
${field({ name: 'username', label: t.username, value: state.values?.username, error: errors.username, autocomplete: 'username', autofocus: first ? first === 'username' : true })}
${field({ name: 'activationCode', label: t.code, value: state.values?.activationCode, error: errors.activationCode, autocomplete: 'one-time-code', autofocus: first === 'activationCode' })}
${field({ name: 'password', label: t.newPassword, type: 'password', hint: t.newPasswordHint, error: errors.password, autocomplete: 'new-password', autofocus: first === 'password' })}
${field({ name: 'confirmation', label: t.confirm, type: 'password', error: errors.confirmation, autocomplete: 'new-password', autofocus: first === 'confirmation' })}
${field({ name: 'email', label: t.email, type: 'email', value: state.values?.email, hint: t.emailHint, error: errors.email, autocomplete: 'email', required: false, autofocus: first === 'email' })}
<div class="actions"><button class="primary" type="submit">${escape(t.activate)}</button></div>
</form>
<nav class="links"><a href="${base}">${escape(t.backToSignIn)}</a></nav>`,
    `${base}/activate`,
  );
}

export function forgotPage(locale: Locale, uid: string, state: FormState = {}): string {
  const t = T[locale];
  const base = `/oidc/interaction/${encodeURIComponent(uid)}`;
  return layout(
    locale,
    t.forgotTitle,
    `${state.notice ? notice(state.notice) : `<p>${escape(t.forgotIntro)}</p>`}${alert(state.error)}
${state.notice ? '' : `<form method="post" action="${base}/forgot" novalidate>
${field({ name: 'username', label: t.username, value: state.values?.username, autocomplete: 'username', autofocus: true })}
<div class="actions"><button class="primary" type="submit">${escape(t.send)}</button></div>
</form>`}
<nav class="links"><a href="${base}">${escape(t.backToSignIn)}</a></nav>`,
    `${base}/forgot`,
  );
}

export function consentPage(locale: Locale, uid: string, client: string, scopes: string[]): string {
  const t = T[locale];
  const base = `/oidc/interaction/${encodeURIComponent(uid)}`;
  const items = scopes.map((scope) => t.scopes[scope]).filter(Boolean);
  return layout(
    locale,
    t.consentTitle,
    `<p>${escape(t.consentIntro(client))}</p>
<ul class="scopes">${items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>
<form method="post" action="${base}/consent">
<div class="actions">
<button class="primary" type="submit" name="decision" value="allow" autofocus>${escape(t.allow)}</button>
<button class="secondary" type="submit" name="decision" value="deny">${escape(t.deny)}</button>
</div>
</form>`,
  );
}

export function refusedPage(locale: Locale, uid: string, client: string, reason: 'profile' | 'school'): string {
  const t = T[locale];
  return layout(
    locale,
    t.refusedTitle,
    `<div class="alert" role="alert">${escape(t.refused[reason](client))}</div>
<p>${escape(t.refusedHelp)}</p>
<nav class="links"><a href="/oidc/interaction/${encodeURIComponent(uid)}/abort">${escape(t.backToClient(client))}</a></nav>`,
  );
}

export function errorPage(locale: Locale, out: { error: string; error_description?: string }): string {
  const t = T[locale];
  return layout(
    locale,
    t.errorTitle,
    `<div class="alert" role="alert">${escape(t.errorIntro)}</div>
<p class="hint">${escape(out.error)}${out.error_description ? ` — ${escape(out.error_description)}` : ''}</p>`,
  );
}

/** `form` is the provider's own form (its action and anti-forgery field); the buttons submit it. */
export function logoutPage(locale: Locale, form: string): string {
  const t = T[locale];
  return layout(
    locale,
    t.logoutTitle,
    `<p>${escape(t.logoutIntro)}</p>
${form}
<div class="actions">
<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${escape(t.logout)}</button>
<button class="secondary" type="submit" form="op.logoutForm">${escape(t.stay)}</button>
</div>`,
  );
}

export function loggedOutPage(locale: Locale, client?: string): string {
  const t = T[locale];
  return layout(locale, t.logoutTitle, `<p role="status">${escape(client ? t.loggedOutOf(client) : t.loggedOut)}</p>`);
}
