// getchallenge and login answer alike for a user name that exists and one that does not
// (gateway/rest/decoy-challenges.ts, README.md "Login lockout"); vtiger's telling answers only
// with GATEWAY_VTIGER_STRICT_COMPAT.
import test from 'ava';
import type { TestGateway } from '../../helpers/gateway.js';
import { form, md5, restGateway } from '../../helpers/rest-fixture.js';

interface Reply {
  success: boolean;
  result?: { token: string; serverTime: number; expireTime: number };
  error?: { code: string; message: string };
}

async function ws(gw: TestGateway, init: { query?: string; body?: string }): Promise<Reply> {
  const res = await fetch(`${gw.url}/webservice.php${init.query ? `?${init.query}` : ''}`, {
    method: init.body ? 'POST' : 'GET',
    headers: init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: init.body,
  });
  return (await res.json()) as Reply;
}

/** The answer with what differs on every call (the token, the times) replaced by its shape. */
function shape(reply: Reply): unknown {
  if (!reply.result) return reply;
  const { token, serverTime, expireTime } = reply.result;
  return {
    success: reply.success,
    token: /^[0-9a-f]{32}$/.test(token),
    lifetime: expireTime - serverTime,
    keys: Object.keys(reply.result),
  };
}

async function challengeThenLogin(gw: TestGateway, name: string): Promise<[unknown, Reply]> {
  const challenge = await ws(gw, { query: `operation=getchallenge&username=${name}` });
  const login = await ws(gw, {
    body: form({ operation: 'login', username: name, accessKey: md5('guess') }),
  });
  return [shape(challenge), login];
}

test('by default an unknown user name gets the same answers as a real one', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const [known, knownLogin] = await challengeThenLogin(gw, 'admin');
  const [unknown, unknownLogin] = await challengeThenLogin(gw, 'nobody');
  t.like(known, { success: true, token: true, lifetime: 300 });
  t.deepEqual(unknown, known);
  t.deepEqual(knownLogin.error, {
    code: 'INVALID_USER_CREDENTIALS',
    message: 'Invalid username or password',
  });
  t.deepEqual(unknownLogin, knownLogin);
});

test('GATEWAY_VTIGER_STRICT_COMPAT keeps vtiger answers for unknown user names', async (t) => {
  const gw = await restGateway({ GATEWAY_VTIGER_STRICT_COMPAT: 'true' });
  t.teardown(() => gw.dispose());
  const [unknown, login] = await challengeThenLogin(gw, 'nobody');
  t.deepEqual(unknown, {
    success: false,
    error: { code: 'ACCESS_DENIED', message: 'username does not exists' },
  });
  t.is(login.error?.code, 'INVALID_AUTH_TOKEN');
});
