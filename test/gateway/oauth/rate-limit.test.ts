// Brute force on the client-authenticating endpoints is rate limited per client and per address
// (429 with Retry-After and an RFC 6749 §5.2 body), counted in the database so that a second
// gateway on the same store sees the same counters; and nothing secret reaches the logs.
import anyTest, { type TestFn } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from 'openid-client';
import { loadConfig } from '../../../gateway/config.js';
import { createLogger } from '../../../gateway/logger.js';
import { startGateway, type RunningGateway } from '../../../gateway/server.js';
import type { CreatedApp } from '../../../gateway/oauth/registration.js';
import { ADMIN_PASSWORD } from '../../helpers/gateway.js';
import {
  basicAuth,
  createApp,
  createUser,
  discover,
  postForm,
  secretOf,
} from '../../helpers/oauth-fixture.js';

interface Ctx {
  dir: string;
  gw: RunningGateway;
  lines: string[];
  victim: CreatedApp;
  bystander: CreatedApp;
}

const test = anyTest as TestFn<Ctx>;
const LIMIT = 5;

function env(dir: string): Record<string, string> {
  return {
    GATEWAY_PORT: '0',
    GATEWAY_DATA_DIR: dir,
    GATEWAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
    GATEWAY_LOG_LEVEL: 'debug',
    GATEWAY_OAUTH_TOKEN_RATE_LIMIT: String(LIMIT),
    GATEWAY_TRUST_PROXY: 'true',
    GATEWAY_JOBS_ENABLED: 'false',
  };
}

async function start(dir: string, lines: string[]): Promise<RunningGateway> {
  const config = loadConfig(env(dir));
  return startGateway(
    config,
    createLogger(config.logLevel, { write: (line: string) => lines.push(line) }),
  );
}

test.before(async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-oauth-rate-'));
  const lines: string[] = [];
  const gw = await start(dir, lines);
  const bobId = await createUser(gw, 'bob');
  t.context = {
    dir,
    gw,
    lines,
    victim: await createApp(gw, { type: 'service', userId: bobId, name: 'Victim' }),
    bystander: await createApp(gw, { type: 'service', userId: bobId, name: 'Bystander' }),
  };
});

test.after.always(async (t) => {
  await t.context.gw?.stop();
  if (t.context.dir) rmSync(t.context.dir, { recursive: true, force: true });
});

const from = (address: string): Record<string, string> => ({ 'X-Forwarded-For': address });

test.serial(
  'guessing a secret: 429 after the limit, for that client from anywhere and for that address',
  async (t) => {
    t.timeout(30_000);
    const { gw, victim, bystander } = t.context;
    const url = `${gw.url}/oauth2/token`;
    const grant = { grant_type: 'client_credentials' };
    for (let i = 0; i < LIMIT; i++) {
      const res = await postForm(url, grant, {
        ...from('203.0.113.7'),
        Authorization: basicAuth(victim.client.id, `gwcs_guess${i}`),
      });
      t.is(res.status, 401);
    }
    const limited = await postForm(url, grant, {
      ...from('203.0.113.7'),
      Authorization: basicAuth(victim.client.id, 'gwcs_guess-more'),
    });
    t.is(limited.status, 429);
    t.is(limited.headers.get('retry-after'), '60');
    t.deepEqual(limited.body, {
      error: 'temporarily_unavailable',
      error_description: 'Too many requests; slow down and retry in a minute',
    });
    const right = await postForm(url, grant, {
      ...from('198.51.100.9'),
      Authorization: basicAuth(victim.client.id, secretOf(victim.credentials)),
    });
    t.is(right.status, 429, 'even the right secret waits: the client is being attacked');
    const sameAddress = await postForm(url, grant, {
      ...from('203.0.113.7'),
      Authorization: basicAuth(bystander.client.id, secretOf(bystander.credentials)),
    });
    t.is(sameAddress.status, 429, 'the address is limited for every client');
    const elsewhere = await postForm(url, grant, {
      ...from('192.0.2.44'),
      Authorization: basicAuth(bystander.client.id, secretOf(bystander.credentials)),
    });
    t.is(elsewhere.status, 200);
    const introspect = await postForm(
      `${gw.url}/oauth2/introspect`,
      { token: 'x' },
      { ...from('192.0.2.45'), Authorization: basicAuth(victim.client.id, 'gwcs_guess') },
    );
    t.is(
      introspect.status,
      429,
      'introspection and revocation share the budget: no side door for guessing',
    );
  },
);

test.serial(
  'authorization requests are limited per address as well (each stores a pending request)',
  async (t) => {
    t.timeout(30_000);
    const { gw } = t.context;
    const get = (): Promise<Response> =>
      fetch(`${gw.url}/oauth2/authorize?client_id=app_nope&response_type=code`, {
        headers: from('203.0.113.50'),
        redirect: 'manual',
      });
    for (let i = 0; i < LIMIT; i++) t.is((await get()).status, 400);
    const limited = await get();
    t.is(limited.status, 429);
    t.regex(await limited.text(), /Too many authorization requests/);
  },
);

test.serial('a second gateway on the same store shares the counters', async (t) => {
  t.timeout(30_000);
  const { dir, victim } = t.context;
  const replica = await start(dir, []);
  t.teardown(() => replica.stop());
  const res = await postForm(
    `${replica.url}/oauth2/token`,
    { grant_type: 'client_credentials' },
    {
      ...from('192.0.2.99'),
      Authorization: basicAuth(victim.client.id, secretOf(victim.credentials)),
    },
  );
  t.is(res.status, 429);
});

test.serial('secrets, assertions, codes and tokens never reach the logs', async (t) => {
  t.timeout(30_000);
  const { gw, bystander, lines } = t.context;
  await gw.store.db.knex('rate_limits').del();
  const config = await discover(
    gw,
    bystander.client.id,
    client.ClientSecretPost(secretOf(bystander.credentials)),
  );
  const tokens = await client.clientCredentialsGrant(config);
  await client.tokenIntrospection(config, tokens.access_token);
  await client.tokenRevocation(config, tokens.access_token);
  await postForm(`${gw.url}/oauth2/token`, {
    grant_type: 'client_credentials',
    client_id: bystander.client.id,
    client_secret: 'gwcs_wrong-secret-in-body',
  });
  const log = lines.join('');
  t.true(log.includes('"path":"/oauth2/token"'), 'requests are logged');
  for (const secret of [
    secretOf(bystander.credentials),
    tokens.access_token,
    'gwcs_wrong-secret-in-body',
  ])
    t.false(log.includes(secret), 'a secret is in the log');
  t.false(/gwat_|gwrt_|gwac_|gwcs_/.test(log));
});
