// A test double of 1C's exchange client (gateway/commerceml/README.md §1.6): checkauth with Basic,
// then the cookie and sessid on every call, files cut into file_limit parts, import repeated on
// progress.
import { deflateRawSync, crc32 } from 'node:zlib';
import type { Actor } from '../../../store/types.js';
import type { TestGateway } from '../../helpers/gateway.js';

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly lines: string[];
}

export class OneCClient {
  cookie = '';
  sessid = '';
  fileLimit = 0;
  constructor(
    private readonly base: string,
    private readonly user: string,
    private readonly key: string,
    private readonly path = '/1c_exchange.php',
  ) {}

  async call(query: string, init: RequestInit = {}): Promise<Answer> {
    const url = `${this.base}${this.path}?${query}${this.sessid ? `&sessid=${this.sessid}` : ''}`;
    const headers: Record<string, string> = this.cookie
      ? { cookie: this.cookie }
      : { authorization: this.basic() };
    const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(20_000) });
    const text = await res.text();
    return { status: res.status, text, lines: text.split('\n') };
  }

  basic(): string {
    return `Basic ${Buffer.from(`${this.user}:${this.key}`).toString('base64')}`;
  }

  async checkauth(type = 'catalog'): Promise<Answer> {
    const res = await fetch(`${this.base}${this.path}?type=${type}&mode=checkauth`, {
      headers: { authorization: this.basic() },
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    const lines = text.split('\n');
    if (lines[0] === 'success') {
      this.cookie = `${lines[1]}=${lines[2]}`;
      this.sessid = (lines[3] ?? '').replace(/^sessid=/, '');
    }
    return { status: res.status, text, lines };
  }

  async init(type = 'catalog', version = '2.08'): Promise<Answer> {
    const answer = await this.call(`type=${type}&mode=init&version=${version}`);
    const limit = answer.lines.find((l) => l.startsWith('file_limit='));
    this.fileLimit = limit ? Number(limit.slice('file_limit='.length)) : 0;
    return answer;
  }

  /** Sends the bytes in parts no larger than `partSize` (or file_limit), as 1C does. */
  async upload(
    filename: string,
    bytes: Buffer,
    partSize = this.fileLimit,
    type = 'catalog',
  ): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let off = 0; off < bytes.length || off === 0; off += partSize) {
      answers.push(
        await this.call(`type=${type}&mode=file&filename=${encodeURIComponent(filename)}`, {
          method: 'POST',
          body: bytes.subarray(off, off + partSize),
        }),
      );
      if (bytes.length === 0) break;
    }
    return answers;
  }

  /** mode=import until the first line is not `progress` (capped). */
  async importFile(filename: string, type = 'catalog'): Promise<Answer> {
    for (let i = 0; i < 200; i++) {
      const answer = await this.call(
        `type=${type}&mode=import&filename=${encodeURIComponent(filename)}`,
      );
      if (answer.lines[0] !== 'progress') return answer;
    }
    throw new Error('import never finished');
  }
}

/** A minimal zip writer (stored or deflated entries), enough for 1C's zip=yes archives and hostile ones. */
export function makeZip(entries: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The gateway's admin as an actor, for checking records through the store. */
export async function adminActor(gw: Pick<TestGateway, 'store'>): Promise<Actor> {
  const user = await gw.store.users.findByUserName('admin');
  const actor = user ? await gw.store.users.actor(user.id) : null;
  if (!actor) throw new Error('no admin');
  return actor;
}

/** An account, a product and a SalesOrder of two of it: what mode=query sends (§2.4). */
export async function seedOrder(
  gw: Pick<TestGateway, 'store'>,
  subject: string,
): Promise<{ id: number; number: string; productId: number }> {
  const actor = await adminActor(gw);
  const account = await gw.store.records.create(actor, 'Accounts', {
    values: { accountname: 'ООО Ромашка', email1: 'buy@romashka.example', bill_city: 'Москва' },
  });
  const product = await gw.store.records.create(actor, 'Products', {
    values: { productname: 'Чайник', unit_price: '1500' },
  });
  const order = await gw.store.records.create(actor, 'SalesOrder', {
    values: { subject, account_id: String(account.id), sostatus: 'Created' },
    lineItems: [
      {
        productId: product.id,
        quantity: '2',
        listPrice: '1500',
        discountPercent: null,
        discountAmount: null,
        taxPercent: null,
        comment: null,
      },
    ],
  });
  return { id: order.id, number: order.recordNo ?? '', productId: product.id };
}
