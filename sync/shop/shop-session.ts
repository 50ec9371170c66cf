// One exchange session with a shop module, as 1C runs it (sync/shop/README.md §1): checkauth with
// Basic sent pre-emptively on every request (shops answer a wrong password with HTTP 200 and
// `failure`, never 401), the cookie of lines 2–3 sent verbatim, `sessid=` of line 4 appended to
// every later URL, `timestamp=` kept for deactivate; init reads zip and file_limit (≤ 0 or
// missing: no splitting); file posts raw bytes; import repeats while the first line is
// `progress`, within a total time budget. Any first line other than success/progress is a
// failure whose body goes to the history (ShopFailure).
import { open } from 'node:fs/promises';
import type { HttpClient } from '../../adapters/http.js';
import { OutboundError } from '../../adapters/http.js';
import { describe, readAnswer, type ShopAnswer } from './answer.js';

export type ExchangeType = 'catalog' | 'sale';

/** A shop said no, or said something that is not the protocol: the message is for the history. */
export class ShopFailure extends Error {
  override readonly name = 'ShopFailure';
}

export interface SessionOptions {
  readonly url: string;
  readonly login: string;
  readonly password: string;
  /** Deadline of one request (an import step can take minutes on OpenCart, sync/shop/README.md §3). */
  readonly requestTimeoutMs: number;
  /** Total time the import loop of one file may take. */
  readonly importBudgetMs: number;
  /** Most import calls for one file. */
  readonly importCallCap?: number;
  readonly clock?: () => number;
}

export interface InitAnswer {
  readonly zip: boolean;
  /** Bytes per POST; 0 = no splitting. */
  readonly fileLimit: number;
  /** `version=` when the shop took the new sale flow: a sent file then needs mode=import. */
  readonly version: string | null;
}

export class ShopSession {
  private cookie = '';
  private sessid = '';
  timestamp = '';

  constructor(
    private readonly http: HttpClient,
    private readonly options: SessionOptions,
  ) {}

  private url(params: Record<string, string>): string {
    const u = new URL(this.options.url);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    if (this.sessid !== '') u.searchParams.set('sessid', this.sessid);
    return u.toString();
  }

  private async call(params: Record<string, string>, body?: Buffer): Promise<ShopAnswer> {
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${this.options.login}:${this.options.password}`).toString('base64')}`,
    };
    if (this.cookie !== '') headers['cookie'] = this.cookie;
    if (body) headers['content-type'] = 'application/octet-stream';
    let res;
    try {
      res = await this.http.request({
        method: body ? 'POST' : 'GET',
        url: this.url(params),
        headers,
        ...(body ? { body } : {}),
        timeoutMs: this.options.requestTimeoutMs,
      });
    } catch (err) {
      if (err instanceof OutboundError)
        throw new ShopFailure(`mode=${params['mode'] ?? ''}: ${err.message}`);
      throw err;
    }
    const answer = readAnswer(res.status, res.body);
    if (res.status < 200 || res.status > 299)
      throw new ShopFailure(
        `mode=${params['mode'] ?? ''}: HTTP ${res.status}: ${describe(answer)}`,
      );
    return answer;
  }

  /** success/progress pass; anything else fails with the whole body. */
  private expect(
    answer: ShopAnswer,
    what: string,
    ok: readonly string[] = ['success'],
  ): ShopAnswer {
    if (!ok.includes(answer.keyword))
      throw new ShopFailure(`${what}: the shop answered ${describe(answer)}`);
    return answer;
  }

  async checkauth(type: ExchangeType): Promise<void> {
    this.cookie = '';
    this.sessid = '';
    const a = this.expect(await this.call({ type, mode: 'checkauth' }), 'checkauth');
    const name = (a.lines[1] ?? '').trim();
    const value = (a.lines[2] ?? '').trim();
    if (name !== '') this.cookie = `${name}=${value}`;
    for (const line of a.lines.slice(3)) {
      const l = line.trim();
      if (l.startsWith('sessid=')) this.sessid = l.slice('sessid='.length);
      if (l.startsWith('timestamp=')) this.timestamp = l.slice('timestamp='.length);
    }
  }

  async init(type: ExchangeType, version: string): Promise<InitAnswer> {
    const a = await this.call({ type, mode: 'init', version });
    // init answers `zip=…` on line 1, no keyword; some modules put `success` first.
    const lines = a.lines.map((l) => l.trim());
    const zipLine = lines.find((l) => /^zip[=-]/i.test(l));
    if (!zipLine && a.keyword !== 'success')
      throw new ShopFailure(`init: the shop answered ${describe(a)}`);
    const limit = lines.find((l) => l.startsWith('file_limit='));
    const n = limit ? Number(limit.slice('file_limit='.length)) : 0;
    for (const l of lines)
      if (l.startsWith('sessid=') && l.length > 'sessid='.length) this.sessid = l.slice(7);
    const answered = lines.find((l) => l.startsWith('version=') && l.length > 8);
    return {
      version: answered ? answered.slice('version='.length) : null,
      // OpenCart writes `zip-no` when ZipArchive is missing (sync/shop/README.md §2).
      zip: zipLine !== undefined && /^zip=yes$/i.test(zipLine),
      fileLimit: Number.isFinite(n) && n > 0 ? Math.floor(n) : 0,
    };
  }

  /** Posts a file from disk in parts of at most `fileLimit` bytes (0: one part); shops append parts. */
  async upload(
    type: ExchangeType,
    filename: string,
    file: string,
    fileLimit: number,
  ): Promise<number> {
    const fh = await open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      const part = fileLimit > 0 ? fileLimit : Math.max(size, 1);
      let sent = 0;
      do {
        const buf = Buffer.alloc(Math.min(part, size - sent));
        await fh.read(buf, 0, buf.length, sent);
        this.expect(await this.call({ type, mode: 'file', filename }, buf), `file ${filename}`);
        sent += buf.length;
      } while (sent < size);
      return size;
    } finally {
      await fh.close();
    }
  }

  /** mode=import for one file, repeated while the shop answers progress, within the budget. */
  async importFile(type: ExchangeType, filename: string): Promise<number> {
    const clock = this.options.clock ?? Date.now;
    const started = clock();
    const cap = this.options.importCallCap ?? 10_000;
    for (let calls = 1; ; calls++) {
      const a = this.expect(
        await this.call({ type, mode: 'import', filename }),
        `import ${filename}`,
        ['success', 'progress'],
      );
      if (a.keyword === 'success') return calls;
      if (calls >= cap || clock() - started > this.options.importBudgetMs)
        throw new ShopFailure(
          `import ${filename}: the shop still answered progress after ${calls} calls and ${Math.round((clock() - started) / 1000)} s (${describe(a)})`,
        );
    }
  }

  /** Calls a closing mode the shop may not know (deactivate, complete): its answer is returned, never thrown. */
  async optional(
    type: ExchangeType,
    mode: string,
    extra: Record<string, string> = {},
  ): Promise<string> {
    try {
      const a = await this.call({ type, mode, ...extra });
      return `${mode}: ${a.keyword}`;
    } catch (err) {
      return `${mode}: ${(err as Error).message}`;
    }
  }

  /** GET with a status-line answer (sale success); `error` is Bitrix's failure word here. */
  async plain(type: ExchangeType, mode: string): Promise<ShopAnswer> {
    return this.expect(await this.call({ type, mode }), mode);
  }

  /** GET whose answer is a document (sale query): the raw bytes. */
  async document(type: ExchangeType, mode: string): Promise<Buffer> {
    const u = this.url({ type, mode });
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${this.options.login}:${this.options.password}`).toString('base64')}`,
    };
    if (this.cookie !== '') headers['cookie'] = this.cookie;
    try {
      const res = await this.http.request({
        method: 'GET',
        url: u,
        headers,
        timeoutMs: this.options.requestTimeoutMs,
      });
      if (res.status < 200 || res.status > 299)
        throw new ShopFailure(
          `mode=${mode}: HTTP ${res.status}: ${describe(readAnswer(res.status, res.body))}`,
        );
      return res.body;
    } catch (err) {
      if (err instanceof OutboundError) throw new ShopFailure(`mode=${mode}: ${err.message}`);
      throw err;
    }
  }
}
