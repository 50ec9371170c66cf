// The gateway's VAPID identity (RFC 8292): one P-256 key pair generated once and kept in the
// settings table, the private key sealed; and the subject, a contact the push services can
// reach (RFC 8292 §2.1: a mailto: or https: URI), required before anything is pushed.
import type { Knex } from 'knex';
import { nowUtc } from '../db.js';
import { GatewayError } from '../errors.js';
import type { SecretBox } from '../secrets.js';

export interface VapidKeys {
  /** base64url of the uncompressed public point: the browser's applicationServerKey. */
  readonly publicKey: string;
  readonly privateKey: string;
}

const KEYS = 'push.vapid';
const SUBJECT = 'push.subject';
const CONTEXT = 'push-vapid';
const CLEAR = 'clear:';

/** A subject push services accept: mailto: with an address, or https: on a public name. */
export function parseVapidSubject(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const fail = (why: string): GatewayError =>
    new GatewayError('invalid_input', `VAPID subject: ${why} (RFC 8292 §2.1)`);
  if (text === '' || text.length > 500 || !URL.canParse(text))
    throw fail('expected a mailto: or https: URI');
  const url = new URL(text);
  if (url.protocol === 'mailto:') {
    if (/@localhost$/i.test(url.pathname)) throw fail('a localhost address is not reachable');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(decodeURIComponent(url.pathname)))
      throw fail('mailto: needs an e-mail address');
    return text;
  }
  if (url.protocol !== 'https:') throw fail('expected a mailto: or https: URI');
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || /^(127\.|\[::1\]$)/.test(host))
    throw fail('push services reject localhost as a contact');
  return text;
}

export class VapidRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox | null,
  ) {}

  /**
   * The key pair, generated with `generate` on first use. Replicas racing on first use insert
   * with ON CONFLICT DO NOTHING and all read the one row that won.
   */
  async keys(generate: () => VapidKeys): Promise<VapidKeys> {
    const stored = await this.read();
    if (stored) return stored;
    const fresh = generate();
    const sealed = this.box
      ? this.box.seal(fresh.privateKey, CONTEXT)
      : `${CLEAR}${fresh.privateKey}`;
    await this.knex('settings')
      .insert({
        key: KEYS,
        value: JSON.stringify({ publicKey: fresh.publicKey, privateKey: sealed }),
        updated_at: nowUtc(),
      })
      .onConflict('key')
      .ignore();
    const won = await this.read();
    if (!won) throw new GatewayError('internal', 'the VAPID keys were not stored');
    return won;
  }

  private async read(): Promise<VapidKeys | null> {
    const row = await this.knex('settings')
      .where({ key: KEYS })
      .first<{ value: string } | undefined>('value');
    if (!row) return null;
    const value = JSON.parse(row.value) as { publicKey: string; privateKey: string };
    const privateKey = value.privateKey.startsWith(CLEAR)
      ? value.privateKey.slice(CLEAR.length)
      : this.box
        ? this.box.open(value.privateKey, CONTEXT)
        : null;
    if (privateKey === null)
      throw new GatewayError(
        'internal',
        'the VAPID private key is sealed but no secret key is set',
      );
    return { publicKey: value.publicKey, privateKey };
  }

  async subject(): Promise<string | null> {
    const row = await this.knex('settings')
      .where({ key: SUBJECT })
      .first<{ value: string } | undefined>('value');
    return row ? (JSON.parse(row.value) as string) : null;
  }

  async setSubject(value: unknown): Promise<string> {
    const subject = parseVapidSubject(value);
    await this.knex('settings')
      .insert({ key: SUBJECT, value: JSON.stringify(subject), updated_at: nowUtc() })
      .onConflict('key')
      .merge();
    return subject;
  }
}
