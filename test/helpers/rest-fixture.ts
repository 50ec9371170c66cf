// Shared set-up of the webservice tests: a gateway, logged-in vtiger clients, a non-admin user,
// raw calls that check the envelope, and row counts to prove a refused request changed nothing.
import { createHash } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { ADMIN_ACCESS_KEY, startTestGateway, type TestGateway } from './gateway.js';
import { VtigerClient, type WsEnvelope } from './vtiger-client.js';

export const BOB_ACCESS_KEY = 'bobAccessKey0123456';

export async function restGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  return startTestGateway({ GATEWAY_LOGIN_MAX_FAILURES: '200', ...env });
}

export async function adminClient(gw: TestGateway): Promise<VtigerClient> {
  const client = new VtigerClient(gw.url);
  if (!(await client.doLogin('admin', ADMIN_ACCESS_KEY)))
    throw new Error(`admin login failed: ${JSON.stringify(client.lastError)}`);
  return client;
}

export async function createBob(store: Store): Promise<number> {
  const existing = await store.users.findByUserName('bob');
  if (existing) return existing.id;
  return (
    await store.users.create({
      userName: 'bob',
      password: 'bob-password-1',
      accessKey: BOB_ACCESS_KEY,
      lastName: 'Bobson',
    })
  ).id;
}

export async function bobClient(gw: TestGateway): Promise<VtigerClient> {
  await createBob(gw.store);
  const client = new VtigerClient(gw.url);
  if (!(await client.doLogin('bob', BOB_ACCESS_KEY)))
    throw new Error(`bob login failed: ${JSON.stringify(client.lastError)}`);
  return client;
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** A raw request to /webservice.php that must answer HTTP 200 with a JSON envelope. */
export async function rawCall(
  gw: TestGateway,
  init: { query?: string; body?: string; method?: string; contentType?: string },
): Promise<WsEnvelope> {
  const res = await fetch(`${gw.url}/webservice.php${init.query ? `?${init.query}` : ''}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body === undefined
      ? {}
      : {
          body: init.body,
          headers: { 'Content-Type': init.contentType ?? 'application/x-www-form-urlencoded' },
        }),
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  if (res.headers.get('content-type') !== 'application/json')
    throw new Error(`content-type ${res.headers.get('content-type')}`);
  return (await res.json()) as WsEnvelope;
}

const COUNTED = [
  'crm_entities',
  'change_log',
  'users',
  'groups',
  'crm_relations',
  'recycle_bin',
  'picklist_values',
  'lead_conversions',
  'inventory_lines',
];

/** Row counts of the tables a webservice call could touch (sessions excluded). */
export async function storeCounts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of COUNTED) {
    const [row] = await store.db.knex(table).count<{ n: number | string }[]>({ n: '*' });
    out[table] = Number(row?.n ?? 0);
  }
  out.mod_contacts = Number(
    (await store.db.knex('mod_contacts').count<{ n: number }[]>({ n: '*' }))[0]?.n ?? 0,
  );
  return out;
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
