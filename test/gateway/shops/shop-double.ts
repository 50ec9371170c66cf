// A test double of the shop modules' 1C exchange, as sync/shop/README.md §2–3 describes them from
// their code: Bitrix (five-line checkauth with sessid and
// timestamp, sessid and cookie required afterwards, zip=yes, file_limit 204800, the archive
// unpacked during the first import calls answering `progress`, windows-1251 answers) and
// OpenCart (a fixed cookie `key=md5(password)`, zip=no, files taken whole at `file`). Faults are
// switches. Every request is recorded; uploaded files are kept as the shop would see them.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';

export type Flavor = 'bitrix' | 'opencart';

export interface DoubleOptions {
  readonly flavor: Flavor;
  readonly login?: string;
  readonly password?: string;
  /** What init advertises; Bitrix's default is 204800. */
  readonly fileLimit?: number;
  readonly zip?: boolean;
  /** progress answers before success, per imported file (Bitrix unpacks and imports in steps). */
  readonly progressSteps?: number;
  readonly fault?: 'html' | 'progress-forever' | 'hang' | 'drop' | 'unknown-mode';
  /**
   * One file per init, as django-cml2 (its cml/views.py runs import and offers as separate
   * checkauth/init sessions): a second exchange file after init, or an import of a file other
   * than the one sent since init, is refused. Pictures under import_files/ may come along.
   */
  readonly oneInitPerFile?: boolean;
  /** The bytes of the type=sale mode=query answer, sent as they are. */
  readonly saleQuery?: Buffer;
  /** What type=sale mode=success answers; Bitrix says `error` when it cannot commit. */
  readonly saleSuccess?: 'success' | 'error';
}

export interface Seen {
  readonly mode: string;
  readonly type: string;
  readonly params: URLSearchParams;
  readonly authorization: string;
  readonly cookie: string;
  readonly bodyBytes: number;
}

export interface ShopDouble {
  readonly url: string;
  readonly seen: Seen[];
  /** Files as the shop has them after the run: uploaded ones and those unpacked from archives. */
  readonly files: Map<string, Buffer>;
  close(): Promise<void>;
}

const COOKIE_NAME = 'BITRIX_SM_LOGIN_SESSID';

function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startShopDouble(options: DoubleOptions): Promise<ShopDouble> {
  const login = options.login ?? 'admin';
  const password = options.password ?? 'secret';
  const bitrix = options.flavor === 'bitrix';
  const fileLimit = options.fileLimit ?? (bitrix ? 204800 : 0);
  const zip = options.zip ?? bitrix;
  const sessionId = createHash('md5').update('session').digest('hex');
  const sessid = createHash('md5').update('sessid').digest('hex');
  const ocKey = createHash('md5').update(password).digest('hex');
  const seen: Seen[] = [];
  const uploads = new Map<string, Buffer>();
  const files = new Map<string, Buffer>();
  const importCalls = new Map<string, number>();
  let sessionFile: string | null = null;

  const send = (res: ServerResponse, text: string): void => {
    if (bitrix) {
      res.setHeader('content-type', 'text/html; charset=windows-1251');
      res.end(iconv.encode(text, 'win1251'));
    } else {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(text);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    const mode = params.get('mode') ?? '';
    const data = await body(req);
    seen.push({
      mode,
      type: params.get('type') ?? '',
      params,
      authorization: req.headers.authorization ?? '',
      cookie: req.headers.cookie ?? '',
      bodyBytes: data.length,
    });
    if (mode === 'checkauth') {
      const expected = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
      // Shops answer a wrong password with HTTP 200 and failure, not 401.
      if (req.headers.authorization !== expected)
        return send(res, 'failure\nНеверный логин или пароль');
      return send(
        res,
        bitrix
          ? `success\n${COOKIE_NAME}\n${sessionId}\nsessid=${sessid}\ntimestamp=1767000000`
          : `success\nkey\n${ocKey}`,
      );
    }
    const cookieOk = bitrix
      ? req.headers.cookie === `${COOKIE_NAME}=${sessionId}` && params.get('sessid') === sessid
      : req.headers.cookie === `key=${ocKey}`;
    if (!cookieOk) return send(res, 'failure\nОшибка проверки источника запроса');
    if (params.get('type') === 'sale' && mode === 'query') {
      res.setHeader('content-type', 'application/xml');
      res.end(options.saleQuery ?? Buffer.alloc(0));
      return;
    }
    if (params.get('type') === 'sale' && mode === 'success')
      return send(res, options.saleSuccess ?? 'success');
    if (mode === 'init') {
      uploads.clear();
      files.clear();
      importCalls.clear();
      sessionFile = null;
      return send(res, `zip=${zip ? 'yes' : 'no'}\nfile_limit=${fileLimit}`);
    }
    if (mode === 'file') {
      const name = params.get('filename') ?? '';
      if (fileLimit > 0 && data.length > fileLimit) return send(res, 'failure\nФайл больше лимита');
      if (options.oneInitPerFile === true && !name.startsWith('import_files/')) {
        if (sessionFile !== null && sessionFile !== name)
          return send(res, 'failure\nOnly one file per init');
        sessionFile = name;
      }
      uploads.set(name, Buffer.concat([uploads.get(name) ?? Buffer.alloc(0), data]));
      // OpenCart unpacks and keeps files at `file`; Bitrix waits for the first import.
      if (!bitrix) files.set(name, uploads.get(name) ?? Buffer.alloc(0));
      return send(res, 'success');
    }
    if (mode === 'import') {
      const name = params.get('filename') ?? '';
      const calls = (importCalls.get(name) ?? 0) + 1;
      importCalls.set(name, calls);
      if (options.oneInitPerFile === true && name !== sessionFile)
        return send(res, `failure\n${name} was not sent since init`);
      if (options.fault === 'html')
        return send(
          res,
          '<br />\n<b>Warning</b>:  Undefined index: product_id in <b>/var/www/catalog.php</b>',
        );
      if (options.fault === 'progress-forever') return send(res, 'progress\nИмпорт товаров');
      if (options.fault === 'hang') return; // never answers
      if (options.fault === 'drop') {
        req.socket.destroy();
        return;
      }
      if (bitrix && files.size === 0)
        for (const [n, bytes] of uploads)
          if (n.endsWith('.zip')) for (const [e, b] of await unzip(bytes)) files.set(e, b);
          else files.set(n, bytes);
      if (calls <= (options.progressSteps ?? (bitrix ? 3 : 0)))
        return send(res, `progress\nОбработано ${calls * 10}% файла ${name}`);
      if (!files.has(name)) return send(res, `failure\nФайл ${name} не найден`);
      return send(res, 'success\nИмпорт завершён');
    }
    if (
      (mode === 'deactivate' || mode === 'complete') &&
      bitrix &&
      options.fault !== 'unknown-mode'
    )
      return send(res, 'success');
    return send(res, `failure\nНеизвестный режим ${mode}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bitrix/admin/1c_exchange.php`,
    seen,
    files,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
