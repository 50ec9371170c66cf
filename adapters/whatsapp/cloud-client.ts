// The WhatsApp Cloud API client (Meta's OpenAPI description, test/fixtures/whatsapp/
// business-messaging-api_v23.0.yaml: sendMessage, message_templates, the phone number and media
// nodes), through the one outbound door (adapters/http.ts). Graph errors become CloudApiError with
// Meta's code and title (Graph API "Handling errors"; WhatsApp Cloud API error codes), so callers
// can tell a revoked token (190), throttling (429, 130429, 131056) and re-engagement (131047)
// apart. The token goes in the Authorization header only, never in a URL a log could print.
import { randomBytes } from 'node:crypto';
import { OutboundError, type HttpClient, type OutboundResponse } from '../http.js';

export interface CloudTarget {
  readonly graphUrl: string;
  readonly apiVersion: string;
  readonly token: string;
}

export class CloudApiError extends Error {
  override readonly name = 'CloudApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }

  /** Token expired, revoked or lacking permission: sending pauses until it is configured again. */
  get tokenRevoked(): boolean {
    return this.code === 190 || this.status === 401;
  }

  get throttled(): boolean {
    return this.status === 429 || this.code === 130429 || this.code === 131056 || this.code === 4;
  }
}

export interface TemplatePage {
  readonly templates: readonly Record<string, unknown>[];
  readonly after: string | null;
}

export interface MediaInfo {
  readonly url: string;
  readonly mime: string | null;
  readonly size: number | null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};

function url(t: CloudTarget, path: string): string {
  return `${t.graphUrl.replace(/\/+$/, '')}/${t.apiVersion}/${path}`;
}

function parseJson(res: OutboundResponse): Obj {
  try {
    return obj(JSON.parse(res.body.toString('utf8')));
  } catch {
    return {};
  }
}

function check(res: OutboundResponse): Obj {
  const body = parseJson(res);
  if (res.status >= 200 && res.status < 300) return body;
  const error = obj(body['error']);
  const code = typeof error['code'] === 'number' ? error['code'] : null;
  const title =
    (typeof error['message'] === 'string' ? error['message'] : null) ?? `HTTP ${res.status}`;
  const retry = Number(res.headers['retry-after']);
  throw new CloudApiError(
    `WhatsApp Cloud API: ${title}${code !== null ? ` (code ${code})` : ''}`,
    res.status,
    code,
    Number.isFinite(retry) && retry >= 0 ? retry * 1000 : null,
  );
}

export class CloudClient {
  constructor(private readonly http: HttpClient) {}

  private headers(t: CloudTarget, json: boolean): Record<string, string> {
    return {
      Authorization: `Bearer ${t.token}`,
      Accept: 'application/json',
      ...(json ? { 'Content-Type': 'application/json' } : {}),
    };
  }

  /** POST /{Version}/{Phone-Number-ID}/messages → the wamid Meta gave the message. */
  async send(t: CloudTarget, phoneNumberId: string, message: Obj): Promise<string> {
    const res = await this.http.request({
      method: 'POST',
      url: url(t, `${encodeURIComponent(phoneNumberId)}/messages`),
      headers: this.headers(t, true),
      body: JSON.stringify(message),
    });
    const body = check(res);
    const [first] = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
    const wamid = obj(first)['id'];
    if (typeof wamid !== 'string' || wamid === '')
      throw new CloudApiError(
        'WhatsApp Cloud API: the answer has no message id',
        res.status,
        null,
        null,
      );
    return wamid;
  }

  /**
   * POST /{Version}/{Phone-Number-ID}/media (operation uploadImage of the spec, multipart/form-data
   * per RFC 7578: `messaging_product`, `type` and `file`) → the media id a message then sends.
   */
  async uploadMedia(
    t: CloudTarget,
    phoneNumberId: string,
    file: { readonly fileName: string; readonly mime: string; readonly content: Buffer },
  ): Promise<string> {
    const boundary = `----gateway${randomBytes(12).toString('hex')}`;
    const safeName = file.fileName.replace(/["\r\n\\]/g, '_');
    const part = (headers: string, body: Buffer | string): Buffer =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
        typeof body === 'string' ? Buffer.from(body) : body,
        Buffer.from('\r\n'),
      ]);
    const body = Buffer.concat([
      part('Content-Disposition: form-data; name="messaging_product"', 'whatsapp'),
      part('Content-Disposition: form-data; name="type"', file.mime),
      part(
        `Content-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${file.mime}`,
        file.content,
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const res = await this.http.request({
      method: 'POST',
      url: url(t, `${encodeURIComponent(phoneNumberId)}/media`),
      headers: {
        ...this.headers(t, false),
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    });
    const answer = check(res);
    if (typeof answer['id'] !== 'string' || answer['id'] === '')
      throw new CloudApiError(
        'WhatsApp Cloud API: the upload has no media id',
        res.status,
        null,
        null,
      );
    return answer['id'];
  }

  /** GET /{Version}/{WABA-ID}/message_templates, one page (cursor-based paging). */
  async templates(t: CloudTarget, wabaId: string, after: string | null): Promise<TemplatePage> {
    const query = new URLSearchParams({ limit: '100' });
    if (after) query.set('after', after);
    const res = await this.http.request({
      method: 'GET',
      url: url(t, `${encodeURIComponent(wabaId)}/message_templates?${query.toString()}`),
      headers: this.headers(t, false),
    });
    const body = check(res);
    const data = Array.isArray(body['data']) ? (body['data'] as unknown[]).map(obj) : [];
    const paging = obj(body['paging']);
    const next = typeof paging['next'] === 'string' ? paging['next'] : null;
    const cursor = obj(paging['cursors'])['after'];
    return { templates: data, after: next && typeof cursor === 'string' ? cursor : null };
  }

  /** GET /{Version}/{Phone-Number-ID}: the connection test of `whatsapp test`. */
  async phoneNumber(t: CloudTarget, phoneNumberId: string): Promise<Obj> {
    const res = await this.http.request({
      method: 'GET',
      url: url(t, encodeURIComponent(phoneNumberId)),
      headers: this.headers(t, false),
    });
    return check(res);
  }

  /** GET /{Version}/{Media-ID}: where the media can be downloaded (the URL expires in minutes). */
  async media(t: CloudTarget, mediaId: string): Promise<MediaInfo> {
    const res = await this.http.request({
      method: 'GET',
      url: url(t, encodeURIComponent(mediaId)),
      headers: this.headers(t, false),
    });
    const body = check(res);
    if (typeof body['url'] !== 'string')
      throw new CloudApiError('WhatsApp Cloud API: the media has no URL', res.status, null, null);
    return {
      url: body['url'],
      mime: typeof body['mime_type'] === 'string' ? body['mime_type'] : null,
      size: typeof body['file_size'] === 'number' ? body['file_size'] : null,
    };
  }

  /** Downloads media within `maxBytes`; a larger file fails with OutboundError `too_large`. */
  async download(t: CloudTarget, mediaUrl: string, maxBytes: number): Promise<Buffer> {
    const res = await this.http.request({
      method: 'GET',
      url: mediaUrl,
      headers: { Authorization: `Bearer ${t.token}` },
      maxResponseBytes: maxBytes,
    });
    if (res.status < 200 || res.status >= 300)
      throw new OutboundError(
        'http_status',
        `media download answered HTTP ${res.status}`,
        res.status,
      );
    return res.body;
  }
}
