// Redirect handling per RFC 9110 §15.4. 303 always becomes GET (HEAD stays HEAD);
// 301/302 turn POST into GET as every browser does (§15.4.2, §15.4.3 note); 307/308
// keep method and body. Credentials never follow a redirect to another origin, so a
// partner's token cannot be walked to a host it was not meant for.

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'];

export interface HopRequest {
  url: URL;
  method: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

export function followRedirect(status: number, from: HopRequest, to: URL): HopRequest {
  const toGet =
    (status === 303 && from.method !== 'HEAD') ||
    ((status === 301 || status === 302) && from.method === 'POST');
  const headers = { ...from.headers };
  // The Host header belonged to the previous hop; node:http derives the right one.
  delete headers['host'];
  if (toGet) for (const name of BODY_HEADERS) delete headers[name];
  if (to.origin !== from.url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
  return {
    url: to,
    method: toGet ? 'GET' : from.method,
    headers,
    body: toGet ? undefined : from.body,
  };
}
