// The EWS client of one Exchange connection: every SOAP call of every mailbox the connection
// serves goes through one pinned keep-alive agent with a single socket (wire.ts), so an NTLM
// handshake (negotiate → challenge → authenticate + request, MS-NLMP §3.1.5) stays on one TCP
// connection; Basic (RFC 7617) sends the password with each request. Throttling waits as told
// ("EWS throttling in Exchange"): ErrorServerBusy's BackOffMilliseconds, HTTP 503's Retry-After,
// ErrorTooManyObjectsOpened; a wait longer than `maxInlineWaitMs` is thrown as `throttled` with
// the wait, so the engine reschedules the link instead of sleeping (sync/provider.ts).
import type http from 'node:http';
import ntlm from '@ewsjs/ntlm-client';
import { requestEnvelope, soapAction } from '../../formats/ews/envelope.js';
import {
  EwsFormatError,
  readResponse,
  type EwsResponse,
  type ServerVersion,
} from '../../formats/ews/response.js';
import type { XNode } from '../../formats/ews/xml-node.js';
import { EwsError, ewsErrorOf } from './errors.js';
import { keptAliveAgent, post, type WireOptions, type WireResponse } from './wire.js';

export interface EwsAccount {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly auth: 'ntlm' | 'basic';
}

export interface EwsClientOptions extends WireOptions {
  /** Longest wait slept inside a call; longer ones are thrown (default 30 s). */
  readonly maxInlineWaitMs?: number;
  /** Calls tried per request while the server throttles (default 5). */
  readonly attempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Sees each request envelope sent (tests validate them against Microsoft's XSDs). */
  readonly onRequest?: (xml: string) => void;
}

const THROTTLE_CODES = new Set(['ErrorServerBusy', 'ErrorTooManyObjectsOpened']);
/** ErrorTooManyObjectsOpened carries no BackOffMilliseconds: wait this long, doubling. */
const DEFAULT_BACKOFF_MS = 1000;
const WORKSTATION = 'CRM-GATEWAY';

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `DOMAIN\user` → user and domain; `user@domain` (a UPN) stays whole with an empty domain. */
function ntlmUser(username: string): { user: string; domain: string } {
  const i = username.indexOf('\\');
  return i < 0
    ? { user: username, domain: '' }
    : { user: username.slice(i + 1), domain: username.slice(0, i) };
}

function challengeOf(headers: http.IncomingHttpHeaders): string | null {
  const raw = headers['www-authenticate'];
  const values = Array.isArray(raw) ? raw : raw ? raw.split(/,\s*/) : [];
  return values.map((v) => /^NTLM\s+(\S+)/i.exec(v.trim())?.[1]).find((v) => v) ?? null;
}

export class EwsClient {
  private readonly agent: http.Agent;
  /** The version the server reported last (ServerVersionInfo). */
  serverVersion: ServerVersion | null = null;

  constructor(
    private readonly account: EwsAccount,
    private readonly options: EwsClientOptions,
  ) {
    this.agent = keptAliveAgent(new URL(account.url));
  }

  close(): void {
    this.agent.destroy();
  }

  private async exchange(xml: string, action: string): Promise<WireResponse> {
    const headers: Record<string, string> = {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `"${action}"`,
      'user-agent': 'crm-standards-gateway exchange-bridge',
    };
    const { url, username, password } = this.account;
    if (this.account.auth === 'basic') {
      const token = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
      return post(
        this.agent,
        url,
        { ...headers, authorization: `Basic ${token}` },
        xml,
        this.options,
      );
    }
    const { user, domain } = ntlmUser(username);
    const negotiate = ntlm.createType1Message(WORKSTATION, domain);
    const first = await post(
      this.agent,
      url,
      { ...headers, authorization: negotiate },
      '',
      this.options,
    );
    if (first.status !== 401) return first;
    const challenge = challengeOf(first.headers);
    if (challenge === null)
      throw new EwsError('auth', `${new URL(url).host} does not offer NTLM authentication`);
    const type2 = ntlm.decodeType2Message(challenge);
    const answer = ntlm.createType3Message(type2, user, password, WORKSTATION, domain);
    return post(this.agent, url, { ...headers, authorization: answer }, xml, this.options);
  }

  private async wait(ms: number, what: string): Promise<void> {
    const max = this.options.maxInlineWaitMs ?? 30_000;
    if (ms > max)
      throw new EwsError('throttled', `Exchange asked to wait ${ms} ms (${what})`, what, ms);
    await (this.options.sleep ?? pause)(ms);
  }

  /** Sends one operation (an `m:` element), as `impersonate` when given; waits out throttling. */
  async call(body: XNode, impersonate: string | null = null): Promise<EwsResponse> {
    const xml = requestEnvelope(body, { impersonate });
    const attempts = this.options.attempts ?? 5;
    let fallback = DEFAULT_BACKOFF_MS;
    for (let attempt = 1; ; attempt++) {
      this.options.onRequest?.(xml);
      const res = await this.exchange(xml, soapAction(body));
      const last = attempt >= attempts;
      if (res.status === 401)
        throw new EwsError(
          'auth',
          `Exchange refused the user name or password of ${this.account.username} (changed or locked?)`,
        );
      if (res.status === 503) {
        const seconds = Number(res.headers['retry-after']);
        const ms = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallback;
        if (last) throw new EwsError('throttled', 'Exchange is busy (HTTP 503)', null, ms);
        await this.wait(ms, 'HTTP 503');
        fallback *= 2;
        continue;
      }
      let parsed: EwsResponse;
      try {
        parsed = readResponse(res.body);
      } catch (err) {
        if (!(err instanceof EwsFormatError)) throw err;
        throw new EwsError(
          res.status >= 500 ? 'server' : 'malformed',
          `Exchange answered HTTP ${res.status} without a SOAP envelope (${err.message})`,
        );
      }
      if (parsed.serverVersion) this.serverVersion = parsed.serverVersion;
      const busy = parsed.fault
        ? parsed.fault.code !== null && THROTTLE_CODES.has(parsed.fault.code)
          ? { code: parsed.fault.code, ms: parsed.fault.backOffMs }
          : null
        : (parsed.messages
            .filter((m) => THROTTLE_CODES.has(m.code))
            .map((m) => ({ code: m.code, ms: m.backOffMs }))[0] ?? null);
      if (busy) {
        const ms = busy.ms ?? fallback;
        if (last)
          throw new EwsError('throttled', `${busy.code} after ${attempts} tries`, busy.code, ms);
        await this.wait(ms, busy.code);
        fallback *= 2;
        continue;
      }
      if (parsed.fault)
        throw parsed.fault.code
          ? ewsErrorOf(parsed.fault.code, parsed.fault.message, null)
          : new EwsError('server', `SOAP fault: ${parsed.fault.message}`);
      if (res.status !== 200) throw new EwsError('server', `Exchange answered HTTP ${res.status}`);
      return parsed;
    }
  }
}
