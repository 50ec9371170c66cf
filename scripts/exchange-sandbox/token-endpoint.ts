// The sandbox's Microsoft identity platform token endpoint (/{tenant}/oauth2/v2.0/token): the
// client credentials grant (RFC 6749 §4.4) with a client secret, or with a client assertion
// (RFC 7523 §2.2) made from a certificate, whose issuer must be the app. Errors carry the AADSTS
// codes Entra answers with, so the bridge's "test" can be checked against them.
import { createHash, createVerify, X509Certificate } from 'node:crypto';
import type { SandboxReply } from './http-kit.js';
import { newId } from './store.js';

export interface SandboxApp {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The certificate (PEM) registered for the app, whose key may sign client assertions. */
  readonly certificatePem?: string;
  /** Application permissions granted (Calendars.ReadWrite, Tasks.ReadWrite.All, Contacts.ReadWrite ...). */
  permissions: Set<string>;
  disabled: boolean;
}

/** Client credentials (RFC 6749 §4.4) with a secret, or with a client assertion (RFC 7523) from a certificate. */
export function issueToken(
  apps: readonly SandboxApp[],
  accessTokens: Map<string, SandboxApp>,
  path: string,
  form: URLSearchParams,
): SandboxReply {
  const tenant = decodeURIComponent(path.split('/')[1] ?? '');
  const fail = (error: string, description: string): SandboxReply => ({
    status: error === 'invalid_client' ? 401 : 400,
    body: { error, error_description: description },
  });
  if (form.get('grant_type') !== 'client_credentials')
    return fail('unsupported_grant_type', 'AADSTS70003: grant type not supported');
  const app = apps.find((a) => a.clientId === form.get('client_id') && a.tenantId === tenant);
  if (!app)
    return fail(
      'unauthorized_client',
      `AADSTS700016: Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${tenant}'.`,
    );
  if (app.disabled) return fail('unauthorized_client', 'AADSTS7000112: Application is disabled.');
  const assertion = form.get('client_assertion');
  const secretOk = form.get('client_secret') === app.clientSecret;
  const assertionOk = assertion !== null && assertionValid(assertion, app, path);
  if (!secretOk && !assertionOk)
    return fail('invalid_client', 'AADSTS7000215: Invalid client secret provided.');
  if (!/\/\.default$/.test(form.get('scope') ?? ''))
    return fail('invalid_scope', 'AADSTS1002012: The provided value for scope is not valid.');
  const token = newId('eyJ0eXAiOiJKV1Qi.');
  accessTokens.set(token, app);
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
  };
}

/**
 * A client assertion as Entra checks it (RFC 7523 §3): RS256-signed by the key of the app's
 * registered certificate, named by its SHA-1 thumbprint in `x5t`; issuer and subject the client
 * id; audience the token endpoint; not expired.
 */
function assertionValid(jwt: string, app: SandboxApp, path: string): boolean {
  if (app.certificatePem === undefined) return false;
  const [head, body, signature] = jwt.split('.');
  if (head === undefined || body === undefined || signature === undefined) return false;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const cert = new X509Certificate(app.certificatePem);
    const thumbprint = createHash('sha1').update(cert.raw).digest('base64url');
    const signed = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(cert.publicKey, Buffer.from(signature, 'base64url'));
    return (
      signed &&
      header['alg'] === 'RS256' &&
      header['x5t'] === thumbprint &&
      claims['iss'] === app.clientId &&
      claims['sub'] === app.clientId &&
      typeof claims['aud'] === 'string' &&
      claims['aud'].endsWith(path) &&
      typeof claims['exp'] === 'number' &&
      claims['exp'] * 1000 > Date.now()
    );
  } catch {
    return false;
  }
}
