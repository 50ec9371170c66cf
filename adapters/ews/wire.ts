// One POST of a SOAP envelope over a given agent. The Exchange connection pins one keep-alive
// agent with a single socket per credential (client.ts), because NTLM authenticates the TCP
// connection, not the request (MS-NLMP §1.3): the challenge and the answer
// must travel on the same socket. Hosts outside the allow-list go through the SSRF guard that
// the one outbound door uses (adapters/http/address-guard.ts).
import http from 'node:http';
import https from 'node:https';
import { checkUrl, guardedLookup, isAllowedHost } from '../http/address-guard.js';
import { EwsError } from './errors.js';

export interface WireOptions {
  readonly allowHosts: readonly string[];
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The local port of the socket used: the same one for an NTLM handshake and its request. */
  readonly localPort: number | null;
}

export function keptAliveAgent(url: URL): http.Agent {
  const options = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1 };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

export function post(
  agent: http.Agent,
  rawUrl: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  options: WireOptions,
): Promise<WireResponse> {
  const url = checkUrl(rawUrl, options.allowHosts);
  const lib = url.protocol === 'https:' ? https : http;
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(payload.length) },
        ...(isAllowedHost(url.hostname, options.allowHosts) ? {} : { lookup: guardedLookup() }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxResponseBytes) {
            req.destroy(
              new EwsError('malformed', `answer larger than ${options.maxResponseBytes} bytes`),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            localPort: res.socket?.localPort ?? null,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(
        new EwsError('server', `no answer from ${url.host} within ${options.timeoutMs} ms`),
      ),
    );
    req.on('error', reject);
    req.end(payload);
  });
}
