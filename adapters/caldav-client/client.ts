// A small CalDAV client over the one outbound door (adapters/http.ts: deadline, size cap, SSRF
// guard): PROPFIND, sync-collection (RFC 6578), calendar-multiget (RFC 4791 §7.9) and ETag-guarded
// PUT/DELETE (RFC 4791 §5.3.2, RFC 9110 §13.1). tsdav was not taken (gateway/caldav/README.md §4):
// it brings its own fetch, which would bypass the guard, and its collection sync lacks the 403/507
// rules.
import { OutboundError, type HttpClient, type OutboundResponse } from '../http.js';
import { askedWaitMs } from '../http/retry.js';
import { CaldavError } from './errors.js';
import { parseMultistatus } from './multistatus.js';
import {
  CALDAV_NS as CALDAV,
  DAV_NS as DAV,
  clark as key,
  type PropName,
} from '../../formats/webdav/namespaces.js';
import {
  preconditionOf,
  type MultistatusResponse as DavResponse,
  type Multistatus,
} from '../../formats/webdav/read-multistatus.js';
import { multigetBody, propfindBody, syncCollectionBody } from '../../formats/webdav/requests.js';

/** The Authorization header value; `renew` after a 401 asks for a fresh token (OAuth). */
export type AuthProvider = (renew: boolean) => Promise<string>;

export interface SyncChanges {
  readonly changed: readonly { readonly href: string; readonly etag: string | null }[];
  readonly removed: readonly string[];
  readonly token: string;
  /** 507 on the request URI (RFC 6578 §3.6): more changes wait; ask again with `token`. */
  readonly truncated: boolean;
}

export interface RemoteObject {
  readonly href: string;
  readonly etag: string | null;
  readonly ics: string;
}

export type WriteGuard = { readonly ifMatch: string } | { readonly ifNoneMatch: '*' };

const XML = { 'content-type': 'application/xml; charset=utf-8' };
const MULTIGET_BATCH = 50;

function header(res: OutboundResponse, name: string): string | null {
  const v = res.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

export class CaldavClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: AuthProvider,
  ) {}

  /** Resolves an href from a response against the URL it was asked of. */
  absolute(href: string, base: string): string {
    return new URL(href, base).href;
  }

  async propfind(url: string, depth: 0 | 1, props: readonly PropName[]): Promise<DavResponse[]> {
    const res = await this.send('PROPFIND', url, propfindBody(props), {
      ...XML,
      depth: String(depth),
    });
    if (res.status === 404)
      throw new CaldavError('not_found', `${url} does not exist on the CalDAV server (404)`, 404);
    this.expect(res, [207]);
    return [...this.multistatus(res).responses];
  }

  async syncCollection(calendarUrl: string, token: string | null): Promise<SyncChanges> {
    const res = await this.send(
      'REPORT',
      calendarUrl,
      syncCollectionBody(token, [{ ns: DAV, name: 'getetag' }]),
      { ...XML, depth: '0' },
    );
    const text = res.body.toString('utf8');
    if ((res.status === 403 || res.status === 409) && preconditionOf(text) === 'valid-sync-token') {
      throw new CaldavError(
        'invalid_sync_token',
        'the CalDAV server no longer accepts the stored sync token',
        res.status,
      );
    }
    if (res.status === 404)
      throw new CaldavError(
        'not_found',
        `the calendar ${calendarUrl} was deleted on the server (404)`,
        404,
      );
    this.expect(res, [207]);
    const ms = this.multistatus(res);
    if (ms.syncToken === null || ms.syncToken === '')
      throw new CaldavError('malformed', 'sync-collection answer without a sync-token');
    const self = new URL(calendarUrl).pathname;
    const changed: { href: string; etag: string | null }[] = [];
    const removed: string[] = [];
    let truncated = false;
    for (const r of ms.responses) {
      const path = new URL(r.href, calendarUrl).pathname;
      if (path === self || path === self.replace(/\/$/, '')) {
        truncated ||= r.status === 507;
        continue;
      }
      if (r.status === 404) removed.push(this.absolute(r.href, calendarUrl));
      else
        changed.push({
          href: this.absolute(r.href, calendarUrl),
          etag: r.props.get(key(DAV, 'getetag'))?.text || null,
        });
    }
    return { changed, removed, token: ms.syncToken, truncated };
  }

  /** calendar-data and etags of the given members, in batches; missing ones are left out. */
  async multiget(calendarUrl: string, hrefs: readonly string[]): Promise<RemoteObject[]> {
    const found = await this.membersData(
      calendarUrl,
      hrefs,
      multigetBody,
      key(CALDAV, 'calendar-data'),
      `the calendar ${calendarUrl} was deleted on the server (404)`,
    );
    return found.map((f) => ({ href: f.href, etag: f.etag, ics: f.data }));
  }

  /**
   * A multiget REPORT (RFC 4791 §7.9, RFC 6352 §8.7) in batches: each member's data property and
   * ETag; members without data are left out; a 404 on the collection is `gone`.
   */
  protected async membersData(
    collectionUrl: string,
    hrefs: readonly string[],
    body: (paths: readonly string[]) => string,
    dataProp: string,
    gone: string,
  ): Promise<Array<{ href: string; etag: string | null; data: string }>> {
    const out: Array<{ href: string; etag: string | null; data: string }> = [];
    for (let i = 0; i < hrefs.length; i += MULTIGET_BATCH) {
      const batch = hrefs.slice(i, i + MULTIGET_BATCH).map((h) => new URL(h).pathname);
      const res = await this.send('REPORT', collectionUrl, body(batch), { ...XML, depth: '1' });
      if (res.status === 404) throw new CaldavError('not_found', gone, 404);
      this.expect(res, [207]);
      for (const r of this.multistatus(res).responses) {
        const data = r.props.get(dataProp)?.text;
        if (data === undefined || data === '') continue;
        out.push({
          href: this.absolute(r.href, collectionUrl),
          etag: r.props.get(key(DAV, 'getetag'))?.text || null,
          data,
        });
      }
    }
    return out;
  }

  async get(href: string): Promise<RemoteObject | null> {
    const res = await this.send('GET', href, undefined, { accept: 'text/calendar' });
    if (res.status === 404 || res.status === 410) return null;
    this.expect(res, [200]);
    return { href, etag: header(res, 'etag'), ics: res.body.toString('utf8') };
  }

  /** PUT guarded by If-Match or If-None-Match: * ; the new ETag when the server sent one. */
  async put(href: string, ics: string, guard: WriteGuard): Promise<string | null> {
    return this.putMember(href, ics, 'text/calendar; charset=utf-8', guard, 'the calendar');
  }

  /** A guarded PUT of a member (RFC 9110 §13.1.1): 412 is a conflict, 404/409 a gone collection. */
  protected async putMember(
    href: string,
    text: string,
    contentType: string,
    guard: WriteGuard,
    collection: string,
  ): Promise<string | null> {
    const conditional: Record<string, string> =
      'ifMatch' in guard ? { 'if-match': guard.ifMatch } : { 'if-none-match': '*' };
    const res = await this.send('PUT', href, text, {
      'content-type': contentType,
      ...conditional,
    });
    if (res.status === 412)
      throw new CaldavError('precondition_failed', `${href} changed on the server (412)`, 412);
    if (res.status === 404 || res.status === 409)
      throw new CaldavError(
        'not_found',
        `cannot write ${href}: ${collection} is gone (${res.status})`,
        res.status,
      );
    this.expect(res, [200, 201, 204]);
    return header(res, 'etag');
  }

  /** DELETE guarded by If-Match; an object already gone counts as deleted. */
  async delete(href: string, etag: string | null): Promise<void> {
    const res = await this.send('DELETE', href, undefined, etag ? { 'if-match': etag } : {});
    if (res.status === 412)
      throw new CaldavError('precondition_failed', `${href} changed on the server (412)`, 412);
    if (res.status === 404 || res.status === 410) return;
    this.expect(res, [200, 204]);
  }

  protected multistatus(res: OutboundResponse): Multistatus {
    return parseMultistatus(res.body.toString('utf8'));
  }

  protected expect(res: OutboundResponse, ok: readonly number[]): void {
    if (ok.includes(res.status)) return;
    const host = new URL(res.url).host;
    if (res.status === 401 || res.status === 403) {
      throw new CaldavError(
        'unauthorized',
        `${host} refused the credentials or access (HTTP ${res.status})`,
        res.status,
      );
    }
    const wait = askedWaitMs(res.headers);
    if (res.status === 429 || (res.status === 503 && wait !== undefined)) {
      const retryAfterMs = wait ?? 60_000;
      throw new CaldavError(
        'rate_limited',
        `${host} asks to wait (HTTP ${res.status}, retry after ${Math.ceil(retryAfterMs / 1000)} s)`,
        res.status,
        { retryAfterMs },
      );
    }
    throw new CaldavError('http_status', `${host} answered HTTP ${res.status}`, res.status);
  }

  protected async send(
    method: string,
    url: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<OutboundResponse> {
    const attempt = async (renew: boolean): Promise<OutboundResponse> => {
      const authorization = await this.auth(renew);
      try {
        return await this.http.request({
          method,
          url,
          headers: { ...headers, authorization },
          ...(body !== undefined ? { body } : {}),
        });
      } catch (err) {
        if (err instanceof OutboundError)
          throw new CaldavError('network', err.message, err.status, { cause: err });
        throw err;
      }
    };
    const first = await attempt(false);
    // An access token may expire between two calls: renew once, then report the refusal.
    return first.status === 401 ? attempt(true) : first;
  }
}
