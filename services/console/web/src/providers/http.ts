/** The one way the console calls the API: JSON, the session's token, the user's language. */
const TOKEN_KEY = 'sesame.accessToken';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An API refusal, with the problem+json body (its title is already a sentence in the user's language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; code?: string; errors?: Array<{ field: string; message: string }> },
  ) {
    super(problem.title ?? `HTTP ${status}`);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = session.token();
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: {
      'accept-language': document.documentElement.lang || 'fr',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, parsed ?? {});
  return parsed as T;
}
