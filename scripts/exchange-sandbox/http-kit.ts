// What every sandbox route works with: the parsed request and Graph-shaped answers
// (`{"error":{"code","message"}}`, Graph docs "Microsoft Graph error responses").
import type { Json, Mailbox } from './store.js';

export interface SandboxRequest {
  readonly method: string;
  /** The path below `/v1.0/users/{mailbox}` (or below `/v1.0` for top-level resources). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Json | null;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Preferences of the `Prefer` header (RFC 7240): name → value ('' when bare). */
  readonly prefer: ReadonlyMap<string, string>;
  readonly box: Mailbox | null;
  /** `http://host:port/v1.0` as the client reached it, for next and delta links. */
  readonly base: string;
}

export interface SandboxReply {
  readonly status: number;
  readonly body?: Json | string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The Graph type of the JSON body, for the oracle (event, todoTask, contact ...). */
  readonly type?: string;
}

export const graphError = (status: number, code: string, message: string): SandboxReply => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString() } } },
});

export function parsePrefer(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...rest] = part.trim().split('=');
    if (!name) continue;
    out.set(name.trim().toLowerCase(), rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  return out;
}
