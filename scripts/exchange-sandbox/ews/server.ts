// The EWS double of the Exchange sandbox (`npm run -s exchange-sandbox -- --ews --port P`): one
// SOAP endpoint at /EWS/Exchange.asmx (path case ignored, as IIS does) for Exchange Server
// on-premises clients, with Basic (RFC 7617) and NTLM with a real NTLMv2 check on the socket
// that got the challenge (ntlm-server.ts); ExchangeImpersonation for accounts holding the
// ApplicationImpersonation role; RequestServerVersion values Exchange 2016 accepts; stateful
// calendar, tasks and contacts folders (mailbox.ts, soap-ops.ts). Faults are injected per
// operation (`inject`): ErrorServerBusy with BackOffMilliseconds (HTTP 500 fault), HTTP 503 with
// Retry-After, ErrorTooManyObjectsOpened, ErrorInvalidSyncStateData, a ChangeKey bumped by an
// edit between read and write; `gone` makes a folder disappear, `setPassword` changes a password.
// Every request envelope is kept (`requests`) for the XSD check of the tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { XmlElement } from '../../../formats/ews/response.js';
import { tryParseXml } from '../../../formats/webdav/parse-xml.js';
import { EwsMailbox, textField, type FolderName, type StoredItem } from './mailbox.js';
import {
  challengeMessage,
  messageType,
  newChallenge,
  readAuthenticate,
  verifyNtlmV2,
} from './ntlm-server.js';
import { M_NS, T_NS } from '../../../formats/ews/namespaces.js';
import { findItem, getUserAvailability } from './find-ops.js';
import { OPS, runOp } from './soap-ops.js';
import { envelope, failure, fault, operationResponse } from './xml-out.js';

export interface EwsAccountSpec {
  /** `DOMAIN\user`, `user` or `user@domain`. */
  readonly username: string;
  readonly password: string;
  readonly mailbox: string;
  readonly impersonation?: boolean;
}

export type EwsFault =
  | { readonly kind: 'busy'; readonly backOffMs: number }
  | { readonly kind: 'http503'; readonly retryAfterS: number }
  | { readonly kind: 'tooManyObjects' }
  | { readonly kind: 'invalidSyncState' }
  | { readonly kind: 'bumpChangeKey' }
  /** The operation is carried out, then the connection drops before the answer. */
  | { readonly kind: 'dropAnswer' };

/** RequestServerVersion values of the Exchange 2016 schema (exchange-oracle README). */
const VERSIONS = new Set([
  'Exchange2007',
  'Exchange2007_SP1',
  'Exchange2010',
  'Exchange2010_SP1',
  'Exchange2010_SP2',
  'Exchange2013',
  'Exchange2013_SP1',
  'Exchange2016',
]);

interface Account extends EwsAccountSpec {
  password: string;
}

function find(e: XmlElement, name: string): XmlElement | undefined {
  for (const c of e.children) {
    if (c.name === name) return c;
    const d = find(c, name);
    if (d) return d;
  }
  return undefined;
}

export class EwsSandbox {
  readonly mailboxes = new Map<string, EwsMailbox>();
  private readonly accounts = new Map<string, Account>();
  readonly requests: string[] = [];
  /** Local ports of each NTLM handshake: where the challenge went and where the answer came. */
  readonly handshakes: { challengePort: number; authenticatePort: number; ok: boolean }[] = [];
  readonly writes: { op: string; attrs: Readonly<Record<string, string>> }[] = [];
  readonly gone = new Map<string, Set<FolderName>>();
  private readonly faults = new Map<string, EwsFault[]>();
  private readonly challenges = new WeakMap<Socket, Buffer>();
  private readonly signedIn = new WeakMap<Socket, Account>();
  private server: Server | null = null;
  clock: () => number = Date.now;

  addMailbox(address: string): EwsMailbox {
    const box = new EwsMailbox(address.toLowerCase());
    this.mailboxes.set(box.address, box);
    return box;
  }

  addAccount(spec: EwsAccountSpec): void {
    this.accounts.set(spec.username.toLowerCase(), { ...spec });
    if (!this.mailboxes.has(spec.mailbox.toLowerCase())) this.addMailbox(spec.mailbox);
  }

  setPassword(username: string, password: string): void {
    const a = this.accounts.get(username.toLowerCase());
    if (a) a.password = password;
  }

  inject(operation: string, f: EwsFault): void {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), f]);
  }

  makeGone(mailbox: string, folder: FolderName): void {
    const set = this.gone.get(mailbox.toLowerCase()) ?? new Set<FolderName>();
    set.add(folder);
    this.gone.set(mailbox.toLowerCase(), set);
  }

  /** An item put in a folder as if made in Outlook: text fields in the types namespace. */
  seed(
    mailbox: string,
    folder: FolderName,
    type: string,
    fields: Readonly<Record<string, string>>,
    attrs: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
  ): StoredItem {
    const box = this.mailboxes.get(mailbox.toLowerCase()) ?? this.addMailbox(mailbox);
    const els: XmlElement[] = Object.entries(fields).map(([name, text]) => ({
      ...textField(name, text),
      attrs: attrs[name] ?? {},
    }));
    for (const [name, a] of Object.entries(attrs))
      if (fields[name] === undefined) els.push({ ...textField(name, ''), attrs: a });
    const now = new Date(this.clock()).toISOString().slice(0, 19) + 'Z';
    const item = box.folder(folder).add(type, els, now);
    if (!item.fields.has('LastModifiedTime'))
      item.fields.set('LastModifiedTime', textField('LastModifiedTime', now));
    return item;
  }

  /** An edit made in Outlook: new field values, a new change key. */
  edit(mailbox: string, id: string, fields: Readonly<Record<string, string>>): void {
    const found = this.mailboxes.get(mailbox.toLowerCase())?.find(id);
    if (!found) throw new Error(`no item ${id}`);
    for (const [name, text] of Object.entries(fields))
      found.folder.set(found.item, textField(name, text));
    found.folder.touch(found.item, new Date(this.clock()).toISOString().slice(0, 19) + 'Z');
  }

  private account(name: string): Account | undefined {
    return this.accounts.get(name.toLowerCase());
  }

  private challenge(res: ServerResponse, message: Buffer | null): void {
    const offers = message
      ? [`NTLM ${message.toString('base64')}`]
      : ['NTLM', 'Negotiate', 'Basic realm="mail.contoso.example"'];
    res.writeHead(401, { 'www-authenticate': offers, 'content-length': '0' });
    res.end();
  }

  /** The account the request signs in as, or null after answering 401 itself. */
  private authenticate(req: IncomingMessage, res: ServerResponse): Account | null {
    const socket = req.socket;
    const header = req.headers.authorization ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (basic) {
      const [user, ...rest] = Buffer.from(basic[1] ?? '', 'base64')
        .toString('utf8')
        .split(':');
      const a = this.account(user ?? '');
      if (a && a.password === rest.join(':')) return a;
      this.challenge(res, null);
      return null;
    }
    const ntlm = /^NTLM\s+(\S+)$/i.exec(header);
    if (ntlm) {
      const buf = Buffer.from(ntlm[1] ?? '', 'base64');
      const type = messageType(buf);
      if (type === 1) {
        const c = newChallenge();
        this.challenges.set(socket, c);
        (socket as Socket & { challengePort?: number }).challengePort = socket.remotePort;
        this.challenge(res, challengeMessage(c));
        return null;
      }
      if (type === 3) {
        const c = this.challenges.get(socket);
        this.challenges.delete(socket);
        try {
          const auth = readAuthenticate(buf);
          const a =
            this.account(`${auth.domain}\\${auth.user}`) ??
            (auth.domain === '' ? this.account(auth.user) : undefined);
          const ok = c !== undefined && a !== undefined && verifyNtlmV2(auth, a.password, c);
          this.handshakes.push({
            challengePort: (socket as Socket & { challengePort?: number }).challengePort ?? -1,
            authenticatePort: socket.remotePort ?? -1,
            ok,
          });
          if (ok && a) {
            this.signedIn.set(socket, a);
            return a;
          }
        } catch {
          // A malformed AUTHENTICATE message is a failed sign-in.
        }
      }
      this.challenge(res, null);
      return null;
    }
    const kept = this.signedIn.get(socket);
    if (kept) return kept;
    this.challenge(res, null);
    return null;
  }

  /** A 200 answer whose one response message fails with `code` (EWS answers errors in-band). */
  private refuse(res: ServerResponse, opName: string, code: string, text: string): void {
    this.respond(res, 200, envelope(operationResponse(opName, [failure(opName, code, text)])));
  }

  private respond(res: ServerResponse, status: number, xml: string, headers = {}): void {
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', ...headers });
    res.end(xml);
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = (req.url ?? '').split('?')[0]?.toLowerCase();
    if (path !== '/ews/exchange.asmx') {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const account = this.authenticate(req, res);
    if (!account) return;
    if (body.trim() === '') return this.respond(res, 400, '');
    this.requests.push(body);
    const { root } = tryParseXml(body);
    const header = root?.children.find((c) => c.name === 'Header');
    const op = root?.children.find((c) => c.name === 'Body')?.children[0];
    if (!root || !op)
      return this.respond(
        res,
        500,
        fault('ErrorSchemaValidation', 'The request failed schema validation.'),
      );
    const version = header ? find(header, 'RequestServerVersion')?.attrs['Version'] : undefined;
    if (version !== undefined && !VERSIONS.has(version))
      return this.respond(
        res,
        500,
        fault('ErrorInvalidServerVersion', 'The specified server version is invalid.'),
      );
    const queue = this.faults.get(op.name) ?? [];
    const injected = queue.shift();
    if (injected?.kind === 'http503')
      return this.respond(res, 503, '', { 'retry-after': String(injected.retryAfterS) });
    if (injected?.kind === 'busy')
      return this.respond(
        res,
        500,
        fault(
          'ErrorServerBusy',
          'The server cannot service this request right now. Try again later.',
          injected.backOffMs,
        ),
      );
    const acting = header ? find(header, 'ExchangeImpersonation') : undefined;
    let address = account.mailbox.toLowerCase();
    if (acting) {
      if (!account.impersonation)
        return this.respond(
          res,
          500,
          fault(
            'ErrorImpersonateUserDenied',
            'The account does not have permission to impersonate the requested user.',
          ),
        );
      address = (find(acting, 'SmtpAddress')?.text ?? '').trim().toLowerCase();
    } else {
      const named = find(op, 'EmailAddress')?.text.trim().toLowerCase();
      if (named && op.name !== 'GetUserAvailabilityRequest') address = named;
      if (address !== account.mailbox.toLowerCase() && !account.impersonation)
        return this.refuse(
          res,
          op.name,
          'ErrorAccessDenied',
          'Access is denied. Check credentials and try again.',
        );
    }
    const box = this.mailboxes.get(address);
    if (!box)
      return this.refuse(
        res,
        op.name,
        'ErrorNonExistentMailbox',
        `No mailbox with such guid or address ${address}.`,
      );
    if (op.name === 'GetUserAvailabilityRequest')
      return this.respond(
        res,
        200,
        envelope(getUserAvailability(this.mailboxes, op, { m: M_NS, t: T_NS })),
      );
    if (op.name === 'FindItem')
      return this.respond(res, 200, envelope(operationResponse(op.name, findItem(box, op))));
    if (!OPS.has(op.name))
      return this.respond(
        res,
        500,
        fault('ErrorInvalidRequest', `The sandbox does not serve ${op.name}.`),
      );
    if (injected?.kind === 'tooManyObjects')
      return this.refuse(
        res,
        op.name,
        'ErrorTooManyObjectsOpened',
        'Too many concurrent connections opened.',
      );
    if (injected?.kind === 'bumpChangeKey')
      for (const ref of (find(op, 'ItemChanges')?.children ?? []).map((c) => find(c, 'ItemId')))
        if (ref?.attrs['Id']) this.edit(address, ref.attrs['Id'], {});
    const now = (): string => new Date(this.clock()).toISOString().slice(0, 19) + 'Z';
    const messages = runOp(
      { box, now, gone: this.gone.get(address) ?? new Set(), writes: this.writes },
      op,
      injected?.kind === 'invalidSyncState',
    );
    if (injected?.kind === 'dropAnswer') {
      req.socket.destroy();
      return;
    }
    this.respond(res, 200, envelope(operationResponse(op.name, messages)));
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const { port: bound } = server.address() as AddressInfo;
    return `http://${host}:${bound}/EWS/Exchange.asmx`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
