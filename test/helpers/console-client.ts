// A tiny cookie-keeping HTTP client for console tests that do not need a browser.
export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(this.base + path, {
      redirect: 'manual',
      headers: { cookie: this.cookieHeader() },
    });
    this.remember(res);
    return res;
  }

  async post(
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
    });
    this.remember(res);
    return res;
  }

  /** The CSRF token of the last page that had a form. */
  static csrfOf(html: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m?.[1]) throw new Error('no CSRF field on the page');
    return m[1];
  }

  async login(userName: string, password: string): Promise<Response> {
    const csrf = ConsoleClient.csrfOf(await (await this.get('/console/login')).text());
    return this.post('/console/login', {
      _csrf: csrf,
      username: userName,
      password,
      next: '/console',
    });
  }

  async csrf(path = '/console'): Promise<string> {
    return ConsoleClient.csrfOf(await (await this.get(path)).text());
  }
}
