// An independent, minimal vtiger webservice client written the way vtiger client libraries are
// (vtwsclib and its JavaScript ports, gateway/rest/README.md §7): getchallenge → md5(token +
// accessKey) → login by form POST; element JSON-encoded in form fields; queries with `;` appended
// and put in the URL through escape(); reads result.sessionName and result.userId; requires HTTP
// 200.
import { createHash } from 'node:crypto';

export interface WsEnvelope {
  readonly success: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

const UNRESERVED = /[A-Za-z0-9@*_+\-./]/;

/** JavaScript's legacy escape(): %XX below U+0100, %uXXXX above, `@*_+-./` and alphanumerics kept. */
export function jsEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    for (let i = 0; i < ch.length; i++) {
      const code = ch.charCodeAt(i);
      const c = String.fromCharCode(code);
      if (UNRESERVED.test(c)) out += c;
      else if (code < 256) out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
      else out += `%u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return out;
}

function form(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

export class VtigerClient {
  sessionName: string | null = null;
  userId: string | null = null;
  lastError: WsEnvelope['error'] | null = null;

  constructor(private readonly baseUrl: string) {}

  private url(query: string): string {
    return `${this.baseUrl}/webservice.php?${query}`;
  }

  private async envelope(res: Response): Promise<WsEnvelope> {
    if (res.status !== 200) throw new Error(`HTTP ${res.status} from webservice.php`);
    const body = (await res.json()) as WsEnvelope;
    this.lastError = body.success ? null : (body.error ?? null);
    return body;
  }

  async get(params: Record<string, string>, rawQuery = ''): Promise<WsEnvelope> {
    const session: Record<string, string> = this.sessionName
      ? { sessionName: this.sessionName }
      : {};
    const query = form({ ...params, ...session }) + rawQuery;
    return this.envelope(await fetch(this.url(query)));
  }

  async post(params: Record<string, string>): Promise<WsEnvelope> {
    const session: Record<string, string> = this.sessionName
      ? { sessionName: this.sessionName }
      : {};
    const res = await fetch(this.url(''), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ ...params, ...session }),
    });
    return this.envelope(res);
  }

  private result<T>(body: WsEnvelope): T | false {
    return body.success ? (body.result as T) : false;
  }

  async doLogin(username: string, accessKey: string): Promise<boolean> {
    const challenge = this.result<{ token: string }>(
      await this.get({ operation: 'getchallenge', username }),
    );
    if (!challenge) return false;
    const key = createHash('md5')
      .update(challenge.token + accessKey)
      .digest('hex');
    const login = this.result<{ sessionName: string; userId: string }>(
      await this.post({ operation: 'login', username, accessKey: key }),
    );
    if (!login) return false;
    this.sessionName = login.sessionName;
    this.userId = login.userId;
    return true;
  }

  async doQuery<T = Record<string, string>>(query: string): Promise<T[] | false> {
    const q = query.trim().endsWith(';') ? query : `${query};`;
    // vtwsclib-js style: the escape()d query is pasted into the URL as is.
    return this.result<T[]>(await this.get({ operation: 'query' }, `&query=${jsEscape(q)}`));
  }

  async doCreate(
    module: string,
    values: Record<string, string>,
  ): Promise<Record<string, string> | false> {
    const element = { assigned_user_id: this.userId ?? '', ...values };
    return this.result(
      await this.post({
        operation: 'create',
        elementType: module,
        element: JSON.stringify(element),
      }),
    );
  }

  async doRetrieve(id: string): Promise<Record<string, string> | false> {
    return this.result(await this.get({ operation: 'retrieve', id }));
  }

  async doUpdate(record: Record<string, string>): Promise<Record<string, string> | false> {
    return this.result(await this.post({ operation: 'update', element: JSON.stringify(record) }));
  }

  async doRevise(record: Record<string, string>): Promise<Record<string, string> | false> {
    return this.result(await this.post({ operation: 'revise', element: JSON.stringify(record) }));
  }

  async doDelete(id: string): Promise<boolean> {
    return (await this.post({ operation: 'delete', id })).success;
  }

  async doSync(
    modifiedTime: number,
    elementType?: string,
  ): Promise<
    | {
        updated: Record<string, string>[];
        deleted: string[];
        lastModifiedTime: number;
        more: boolean;
      }
    | false
  > {
    return this.result(
      await this.get({
        operation: 'sync',
        modifiedTime: String(modifiedTime),
        ...(elementType ? { elementType } : {}),
      }),
    );
  }

  async doDescribe(module: string): Promise<Record<string, unknown> | false> {
    return this.result(await this.get({ operation: 'describe', elementType: module }));
  }

  async doLogout(): Promise<boolean> {
    return (await this.post({ operation: 'logout' })).success;
  }
}
