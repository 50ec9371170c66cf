// Every edge's answers, errors included, carry X-Content-Type-Options: nosniff
// (gateway/middleware/security-headers.ts).
import test from 'ava';
import { startTestGateway } from '../helpers/gateway.js';

test('REST, OAuth, CalDAV, 1C, webforms, console, health and unknown paths all say nosniff', async (t) => {
  t.timeout(30_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const calls: readonly [string, RequestInit][] = [
    ['/webservice.php?operation=getchallenge&username=admin', {}],
    ['/webservice.php?operation=nosuchop', {}],
    ['/restapi/v1/vtews/listtypes', {}],
    ['/.well-known/oauth-authorization-server', {}],
    ['/oauth2/token', { method: 'POST', body: 'grant_type=x' }],
    ['/dav/', { method: 'PROPFIND' }],
    ['/1c_exchange.php?type=catalog&mode=checkauth', {}],
    ['/forms/no-such-form', {}],
    ['/console/login', {}],
    ['/healthz', {}],
    ['/no/such/path', {}],
  ];
  for (const [path, init] of calls) {
    const res = await fetch(`${gw.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    t.is(res.headers.get('x-content-type-options'), 'nosniff', `${path} (${res.status})`);
  }
});
