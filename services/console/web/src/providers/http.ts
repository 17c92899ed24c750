import { refreshAccessToken } from '../auth/oidc';
import { currentLocale } from '../i18n/locale';

/** The one way the console calls the API: JSON, the session's token, the user's language. */
const TOKEN_KEY = 'sesame.accessToken';
/** Set when the API refused the token (not on signing out): the sign-in page then says the session ended. */
const ENDED_KEY = 'sesame.sessionEnded';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token: string) => {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.removeItem(ENDED_KEY);
  },
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
  /** The API no longer takes the token: it is dropped, and the next sign-in page says why. */
  end: () => {
    if (sessionStorage.getItem(TOKEN_KEY)) sessionStorage.setItem(ENDED_KEY, '1');
    sessionStorage.removeItem(TOKEN_KEY);
  },
  ended: () => sessionStorage.getItem(ENDED_KEY) === '1',
};

/** A problem+json answer of the gateway (RFC 9457), already in the user's language. */
export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; code: string; message: string }>;
}

/**
 * An API refusal. `message` is what a user reads (the gateway's sentences, or a key of the console's
 * catalogue when the gateway could not answer); `body.errors` puts field errors on a react-admin form.
 */
export class ApiError extends Error {
  readonly body: { errors: Record<string, unknown> } | undefined;

  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title ? [problem.title, problem.errors?.length ? undefined : problem.detail].filter(Boolean).join(' ') : 'sesame.errors.unavailable');
    const errors = fieldErrors(problem);
    this.body = errors ? { errors } : undefined;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

/** Server messages by form field; those no field shows go to the form's root. */
function fieldErrors(problem: Problem): Record<string, unknown> | undefined {
  if ((problem.code === 'username_taken' || problem.code === 'username_lookalike') && problem.title) return { username: problem.title };
  if (!problem.errors?.length) return undefined;
  const byField: Record<string, unknown> = {};
  const orphans: string[] = [];
  for (const issue of problem.errors) {
    if (/^[A-Za-z]+$/.test(issue.field) && !(issue.field in byField)) byField[issue.field] = issue.message;
    else orphans.push(issue.message);
  }
  if (orphans.length) byField.root = { serverError: orphans.join(' ') };
  return byField;
}

/**
 * One API call; when the API refuses the access token (it lives minutes), a new one is taken with
 * the provider's refresh token and the call is made again, once.
 */
async function send(method: string, path: string, accept: string, body?: BodyInit, contentType?: string): Promise<Response> {
  const response = await sendOnce(method, path, accept, body, contentType);
  if (response.status !== 401 || !session.token() || body instanceof ReadableStream) return response;
  const renewed = await refreshAccessToken();
  if (!renewed) return response;
  session.save(renewed);
  return sendOnce(method, path, accept, body, contentType);
}

async function sendOnce(method: string, path: string, accept: string, body?: BodyInit, contentType?: string): Promise<Response> {
  const token = session.token();
  try {
    return await fetch(`/api/v1${path}`, {
      method,
      headers: {
        accept,
        'accept-language': currentLocale(),
        ...(contentType ? { 'content-type': contentType } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
  } catch {
    throw new ApiError(0, {});
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, 'application/json', body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : 'application/json');
  return answerOf<T>(response);
}

/** A multipart upload (a file and form fields): the browser writes the boundary itself. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  return answerOf<T>(await send('POST', path, 'application/json', form));
}

/**
 * A multipart upload whose progress is reported as it goes (an académie's delivery weighs hundreds of
 * megabytes): fetch cannot say how much it has sent, XMLHttpRequest can. `onProgress` gets 0–100.
 */
export async function uploadWithProgress<T>(path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  // The body cannot be sent twice cheaply: the token is renewed beforehand rather than after a refusal.
  await renewSoonExpiringToken();
  const token = session.token();
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1${path}`);
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('accept-language', currentLocale());
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    request.onerror = () => reject(new ApiError(0, {}));
    request.onload = () => {
      const response = new Response(request.status === 204 ? null : request.responseText, { status: request.status, headers: { 'content-type': request.getResponseHeader('content-type') ?? '' } });
      answerOf<T>(response).then(resolve, reject);
    };
    request.send(form);
  });
}

/** Seconds before its expiry when a token is renewed ahead of a request that cannot be repeated. */
const RENEW_AHEAD_SECONDS = 120;

/** Renews the session's access token when it expires within RENEW_AHEAD_SECONDS (the provider's live minutes). */
async function renewSoonExpiringToken(): Promise<void> {
  const token = session.token();
  if (!token) return;
  let expiresAt = Infinity;
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    expiresAt = payload.exp ?? Infinity;
  } catch {
    return;
  }
  if (expiresAt - Date.now() / 1000 > RENEW_AHEAD_SECONDS) return;
  const renewed = await refreshAccessToken();
  if (renewed) session.save(renewed);
}

/** The file name of a Content-Disposition header, plain (`filename="…"`) or UTF-8 (`filename*=UTF-8''…`). */
export function fileNameOf(header: string | null): string | undefined {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: the plain one, or the caller's.
    }
  }
  return /filename="([^"]+)"/i.exec(header ?? '')?.[1];
}

/**
 * A file the API serves to signed-in users only (a campaign's PDF, an import's report): a plain
 * link cannot carry the token, so it is fetched, then handed to the browser to save under the
 * server's name (Content-Disposition) or `fallbackName`.
 */
export async function saveFile(path: string, accept: string, fallbackName: string): Promise<string> {
  const response = await send('GET', path, `${accept}, application/problem+json`);
  if (!response.ok) return answerOf<never>(response);
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the object URL can go once the event loop turns.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return name;
}

async function answerOf<T>(response: Response): Promise<T> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page: no sentence of ours to show, the generic one is used.
    parsed = undefined;
  }
  if (!response.ok) throw new ApiError(response.status, (parsed as Problem | undefined) ?? {});
  return parsed as T;
}

/** `?a=1&b=x,y` from defined values only; arrays become comma lists (SPEC §10). */
export function queryString(params: Record<string, string | number | boolean | readonly string[] | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) => `${key}=${encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
