// A browser without JavaScript for the OpenID Connect provider's pages: test/support/oidc.ts's
// UserAgent in plain JavaScript (the benchmarks cannot import the tests' TypeScript).

/** Cookies by name, redirects followed until `stopAt` (the client's callback), whose page is `{ url, status: 0 }`. */
export class UserAgent {
  #cookies = new Map();

  constructor(stopAt, headers = {}) {
    this.stopAt = stopAt;
    this.headers = headers;
  }

  /** Opens `url` (or posts `form` to it) and follows redirects; the page reached, with the number of `hops`. */
  async open(url, init = {}) {
    let current = url;
    let method = init.method ?? (init.form ? 'POST' : 'GET');
    let body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; hops < 20; hops += 1) {
      if (current.startsWith(this.stopAt)) return { url: current, status: 0, text: '', hops };
      const response = await fetch(current, {
        method,
        redirect: 'manual',
        headers: {
          ...this.headers,
          ...(this.#cookies.size ? { cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        const name = pair.slice(0, at);
        const value = pair.slice(at + 1);
        if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.#cookies.delete(name);
        else this.#cookies.set(name, value);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        current = new URL(location, current).href;
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current, status: response.status, text: await response.text(), hops };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the page's form whose action ends with `action`, with these fields. */
  async submit(page, action, fields) {
    const match = new RegExp(`action="([^"]*${action.replace(/[/]/g, '\\/')})"`).exec(page.text);
    if (!match) throw new Error(`no form ${action} on ${page.url}: ${page.text.slice(0, 300)}`);
    return this.open(new URL(match[1].replace(/&amp;/g, '&'), page.url).href, { form: fields });
  }
}
