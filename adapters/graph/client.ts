// A Microsoft Graph v1.0 client for one mailbox, through the one outbound door (adapters/http.ts).
// Every request carries `Prefer: IdType="ImmutableId"` so stored ids survive folder moves (Graph
// docs, "immutable identifiers"), an app-only Bearer token (token.ts) renewed once on 401, and
// goes through the mailbox limiter (limiter.ts). 429 and 503 are waited out as Retry-After says
// (RFC 9110 §10.2.3; Graph docs, "throttling") when the wait is short, else thrown as `throttled`
// so the sync engine reschedules the link instead of sleeping.
import type { HttpClient } from '../http.js';
import { OutboundError } from '../http.js';
import { GraphError, graphErrorOf } from './errors.js';
import type { MailboxLimiter } from './limiter.js';
import type { ClientCredentialsToken } from './token.js';

export interface GraphRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** A path under /v1.0 (`/users/x/events`) or an absolute URL Graph handed out (nextLink). */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra `Prefer` preferences (RFC 7240), besides the immutable ids. */
  readonly prefer?: readonly string[];
}

export interface GraphResponse<T> {
  readonly status: number;
  readonly body: T;
}

export interface GraphClientOptions {
  /** Longest Retry-After waited for inside a request; longer ones are thrown. */
  readonly maxInlineWaitMs?: number;
  /** Attempts per request when Graph throttles with short waits. */
  readonly attempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function retryAfterMs(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export class GraphClient {
  private readonly maxInlineWaitMs: number;
  private readonly attempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly http: HttpClient,
    readonly graphUrl: string,
    readonly mailbox: string,
    private readonly token: ClientCredentialsToken,
    private readonly limiter: MailboxLimiter,
    options: GraphClientOptions = {},
  ) {
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 10_000;
    this.attempts = options.attempts ?? 4;
    this.sleep = options.sleep ?? sleepMs;
  }

  /** `/users/{mailbox}` + path. */
  userPath(path: string): string {
    return `/users/${encodeURIComponent(this.mailbox)}${path}`;
  }

  urlOf(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return `${this.graphUrl.replace(/\/+$/, '')}/v1.0${path}`;
  }

  async request<T>(req: GraphRequest): Promise<GraphResponse<T>> {
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const res = await this.once(req, renewed);
      if (res.status === 401 && !renewed) {
        renewed = true;
        continue;
      }
      const text = res.body.toString('utf8');
      if (res.status >= 200 && res.status < 300) {
        if (res.status === 204 || text === '') return { status: res.status, body: null as T };
        try {
          return { status: res.status, body: JSON.parse(text) as T };
        } catch {
          throw new GraphError(
            'malformed',
            `Graph answered ${res.status} with a body that is not JSON`,
            res.status,
          );
        }
      }
      const wait = retryAfterMs(res.headers['retry-after']);
      const err = graphErrorOf(res.status, text, wait);
      if (
        err.code === 'throttled' &&
        attempt < this.attempts &&
        (wait ?? 1000) <= this.maxInlineWaitMs
      ) {
        await this.sleep(wait ?? 1000);
        continue;
      }
      throw err;
    }
  }

  private async once(
    req: GraphRequest,
    renew: boolean,
  ): Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }> {
    const token = await this.token.get(renew);
    const prefer = ['IdType="ImmutableId"', ...(req.prefer ?? [])].join(', ');
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      prefer,
      ...req.headers,
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.limiter.run(this.mailbox, () =>
        this.http.request({
          method: req.method,
          url: this.urlOf(req.path),
          headers,
          ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        }),
      );
    } catch (err) {
      if (err instanceof OutboundError)
        throw new GraphError('transient', err.message, err.status ?? null, null, null, {
          cause: err,
        });
      throw err;
    }
  }
}
