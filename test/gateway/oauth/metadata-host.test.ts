// The RFC 8414 metadata document never follows a forged Host header and is never cached by
// shared caches (gateway/oauth/README.md §1.4).
import { request } from 'node:http';
import test from 'ava';
import { oauthGateway } from '../../helpers/oauth-fixture.js';
import type { TestGateway } from '../../helpers/gateway.js';

interface Answer {
  readonly status: number;
  readonly cacheControl: string;
  readonly body: string;
}

/** GET with an explicit Host header (fetch does not let a caller choose it). */
function getWithHost(gw: TestGateway, path: string, host: string): Promise<Answer> {
  const url = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, headers: { host }, timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            cacheControl: String(res.headers['cache-control'] ?? ''),
            body,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

const PATH = '/.well-known/oauth-authorization-server';

test('without an issuer setting a forged Host is refused and loopback is served, never cached', async (t) => {
  t.timeout(20_000);
  const gw = await oauthGateway();
  t.teardown(() => gw.dispose());
  const forged = await getWithHost(gw, PATH, 'evil.example.com');
  t.is(forged.status, 421);
  t.false(forged.body.includes('evil.example.com'));
  t.is(forged.cacheControl, 'no-store');
  const port = new URL(gw.url).port;
  const local = await getWithHost(gw, PATH, `localhost:${port}`);
  t.is(local.status, 200);
  t.is(local.cacheControl, 'no-store');
  t.like(JSON.parse(local.body), { issuer: `http://localhost:${port}` });
});

test('with an issuer setting a forged Host gets the configured issuer', async (t) => {
  t.timeout(20_000);
  const gw = await oauthGateway({ GATEWAY_OAUTH_ISSUER: 'https://crm.example.com' });
  t.teardown(() => gw.dispose());
  const forged = await getWithHost(gw, PATH, 'evil.example.com');
  t.is(forged.status, 200);
  t.is(forged.cacheControl, 'no-store');
  t.false(forged.body.includes('evil.example.com'));
  t.like(JSON.parse(forged.body), {
    issuer: 'https://crm.example.com',
    token_endpoint: 'https://crm.example.com/oauth2/token',
  });
});
