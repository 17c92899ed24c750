/** A small HTTP client for end-to-end tests: JSON (or a multipart FormData) in, status + JSON out, optional bearer token. */
export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    private readonly language = 'fr',
  ) {}

  as(token: string | undefined): Api {
    return new Api(this.baseUrl, token, this.language);
  }

  inLanguage(language: string): Api {
    return new Api(this.baseUrl, this.token, language);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'accept-language': this.language,
        ...(body !== undefined && typeof body !== 'string' && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      // A FormData goes as multipart/form-data, its boundary chosen by fetch.
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }

  /** Signs in and returns the access token (fails the test when refused). */
  async login(username: string, password: string): Promise<string> {
    const answer = await this.post('/api/v1/auth/login', { username, password });
    if (answer.status !== 200) throw new Error(`login ${username} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.accessToken as string;
  }
}
