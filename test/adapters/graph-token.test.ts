// App-only sign-in to the Exchange sandbox's token endpoint (adapters/graph/token.ts): with a client
// secret, and with a certificate whose key signs the client assertion (RFC 7523; the sandbox checks
// signature, x5t thumbprint, issuer, audience and expiry as Entra does). The token is cached, a
// wrong key is refused, and the refusal names Entra's reason.
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClientCredentialsToken } from '../../adapters/graph/token.js';
import { createHttpClient } from '../../adapters/http.js';
import { ExchangeSandbox } from '../../scripts/exchange-sandbox/server.js';

const http = createHttpClient({
  allowHosts: ['127.0.0.1'],
  timeoutMs: 5000,
  maxResponseBytes: 1 << 20,
  maxRedirects: 0,
  retries: 0,
  userAgent: 't',
});

/** A self-signed certificate and its key in one PEM (openssl, as an admin makes one for Entra). */
function certificatePem(dir: string, name: string): string {
  const key = path.join(dir, `${name}.key`);
  const crt = path.join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    ],
    { stdio: 'ignore', timeout: 30_000 },
  );
  return readFileSync(crt, 'utf8') + readFileSync(key, 'utf8');
}

test('client credentials with a secret or a certificate; cached; a wrong key refused', async (t) => {
  t.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'graph-cert-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const good = certificatePem(dir, 'app');
  const other = certificatePem(dir, 'other');
  const sandbox = new ExchangeSandbox();
  sandbox.addApp({
    tenantId: 'contoso',
    clientId: 'app-1',
    clientSecret: 'sec',
    certificatePem: good.split('-----BEGIN PRIVATE KEY-----')[0] ?? '',
  });
  const url = await sandbox.start();
  t.teardown(() => sandbox.stop());
  const base = { loginUrl: url, graphUrl: url, tenantId: 'contoso', clientId: 'app-1' };

  const bySecret = new ClientCredentialsToken(http, { ...base, clientSecret: 'sec' });
  const first = await bySecret.get();
  t.is(await bySecret.get(), first, 'cached until it nears expiry');
  t.not(await bySecret.get(true), first, 'renewed on demand');

  const byCert = new ClientCredentialsToken(http, { ...base, certificatePem: good });
  t.truthy(await byCert.get());

  const wrongKey = new ClientCredentialsToken(http, { ...base, certificatePem: other });
  await t.throwsAsync(wrongKey.get(), { message: /sign-in refused \(401 invalid_client\)/ });
  const wrongSecret = new ClientCredentialsToken(http, { ...base, clientSecret: 'nope' });
  await t.throwsAsync(wrongSecret.get(), { message: /AADSTS7000215/ });
});
