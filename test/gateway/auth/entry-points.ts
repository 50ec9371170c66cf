// Every entry point that checks a user's secret, called over HTTP from a chosen client address
// (X-Forwarded-For, with GATEWAY_TRUST_PROXY on), each answer read back into one outcome: the
// secret was taken, refused as wrong, or refused because of the lockout. An answer that is none
// of these fails the test, so a changed wording at an edge cannot pass unnoticed.
import { createHash } from 'node:crypto';
import { ConsoleClient } from '../../helpers/console-client.js';
import type { TestGateway } from '../../helpers/gateway.js';

export type Outcome = 'ok' | 'wrong' | 'locked';

export interface Secrets {
  readonly user: string;
  readonly password: string;
  readonly accessKey: string;
}

/** One entry point: which of the user's secrets it takes, and the call. */
export interface EntryPoint {
  readonly name: string;
  /** The count a wrong secret here adds to: password where a password could pass, else key. */
  readonly kind: 'password' | 'key';
  rightSecret(s: Secrets): string;
  attempt(gw: TestGateway, user: string, secret: string, ip: string): Promise<Outcome>;
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

function unexpected(name: string, status: number, body: string): never {
  throw new Error(`${name}: unexpected answer ${status} ${body.slice(0, 300)}`);
}

const vtenext: EntryPoint = {
  name: 'vtenext REST Basic',
  kind: 'key',
  rightSecret: (s) => s.accessKey,
  async attempt(gw, user, secret, ip) {
    const res = await fetch(`${gw.url}/restapi/v1/vtews/listtypes`, {
      method: 'POST',
      headers: { authorization: basic(user, secret), 'x-forwarded-for': ip },
    });
    const body = await res.text();
    if (res.status === 200) return 'ok';
    const message = (JSON.parse(body) as { message?: string }).message ?? '';
    if (res.status === 401 && message.endsWith('too many unsuccessfully logins')) return 'locked';
    if (res.status === 401 && message.endsWith('incorrect username and password combination'))
      return 'wrong';
    return unexpected(this.name, res.status, body);
  },
};

const vtiger: EntryPoint = {
  name: 'vtiger webservice login',
  kind: 'key',
  rightSecret: (s) => s.accessKey,
  async attempt(gw, user, secret, ip) {
    const headers = { 'x-forwarded-for': ip };
    const challenge = (await (
      await fetch(`${gw.url}/webservice.php?operation=getchallenge&username=${user}`, { headers })
    ).json()) as { result: { token: string } };
    const accessKey = createHash('md5')
      .update(challenge.result.token + secret)
      .digest('hex');
    const res = await fetch(`${gw.url}/webservice.php`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ operation: 'login', username: user, accessKey }).toString(),
    });
    const body = await res.text();
    const reply = JSON.parse(body) as {
      success: boolean;
      error?: { code: string; message: string };
    };
    if (reply.success) return 'ok';
    if (reply.error?.code === 'INVALID_USER_CREDENTIALS') {
      if (/^Too many failed logins/.test(reply.error.message)) return 'locked';
      if (reply.error.message === 'Invalid username or password') return 'wrong';
    }
    return unexpected(this.name, res.status, body);
  },
};

function dav(which: 'password' | 'accessKey'): EntryPoint {
  return {
    name: `CalDAV Basic (${which === 'password' ? 'password' : 'access key'})`,
    kind: 'password',
    rightSecret: (s) => s[which],
    async attempt(gw, user, secret, ip) {
      const res = await fetch(`${gw.url}/dav/`, {
        method: 'PROPFIND',
        headers: { authorization: basic(user, secret), depth: '0', 'x-forwarded-for': ip },
      });
      const body = await res.text();
      if (res.status === 207) return 'ok';
      if (res.status === 401 && /Too many failed logins/.test(body)) return 'locked';
      if (res.status === 401 && /Wrong user name or password/.test(body)) return 'wrong';
      return unexpected(this.name, res.status, body);
    },
  };
}

const commerceml: EntryPoint = {
  name: 'CommerceML checkauth',
  kind: 'key',
  rightSecret: (s) => s.accessKey,
  async attempt(gw, user, secret, ip) {
    const res = await fetch(`${gw.url}/1c_exchange.php?type=catalog&mode=checkauth`, {
      headers: { authorization: basic(user, secret), 'x-forwarded-for': ip },
    });
    const body = await res.text();
    if (body.startsWith('success\n')) return 'ok';
    if (body === 'failure\ntoo many failed logins; try again later') return 'locked';
    if (body === 'failure\nwrong user name or access key') return 'wrong';
    return unexpected(this.name, res.status, body);
  },
};

const consoleLogin: EntryPoint = {
  name: 'console login',
  kind: 'password',
  rightSecret: (s) => s.password,
  async attempt(gw, user, secret, ip) {
    const c = new ConsoleClient(gw.url);
    const csrf = ConsoleClient.csrfOf(await (await c.get('/console/login')).text());
    const res = await c.post(
      '/console/login',
      { _csrf: csrf, username: user, password: secret, next: '/console' },
      { 'x-forwarded-for': ip },
    );
    const body = await res.text();
    if (res.status === 303) return 'ok';
    if (res.status === 429 && /Too many failed logins/.test(body)) return 'locked';
    if (res.status === 401 && /Wrong user name or password/.test(body)) return 'wrong';
    return unexpected(this.name, res.status, body);
  },
};

export const ENTRY_POINTS: readonly EntryPoint[] = [
  vtenext,
  vtiger,
  dav('password'),
  dav('accessKey'),
  commerceml,
  consoleLogin,
];

/** A user with a known password and access key. */
export async function createUser(gw: TestGateway, user: string): Promise<Secrets> {
  const secrets = {
    user,
    password: `${user}-password-1`,
    accessKey: `${user}AccessKey0123456`,
  };
  await gw.store.users.create({
    userName: user,
    password: secrets.password,
    accessKey: secrets.accessKey,
    lastName: user,
  });
  return secrets;
}

/** The failures on record for a lockout key (0 when none). */
export async function failuresOf(gw: TestGateway, key: string): Promise<number> {
  const row = await gw.store.db
    .knex('login_failures')
    .where({ key })
    .first<{ failures: number | string } | undefined>('failures');
  return Number(row?.failures ?? 0);
}
