// Load through autocannon: N keep-alive connections send requests back to back for D
// milliseconds; autocannon measures throughput and the latency distribution. A response counts
// as an error when its status is not 2xx or the caller's check refuses its body.
import autocannon from 'autocannon';

export interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'REPORT';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly connections: number;
  readonly durationMs: number;
  /** The n-th request of the run (n counts across all connections). */
  readonly request: (n: number) => LoadRequest;
  readonly check?: (body: string) => boolean;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly firstError: string | null;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  let refused = 0;
  let firstError: string | null = null;
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: Math.max(1, Math.round(options.durationMs / 1000)),
    requests: [
      {
        setupRequest: (req) => {
          const r = options.request(n++);
          return {
            ...req,
            method: r.method,
            path: r.path,
            headers: { ...(r.headers ?? {}) },
            ...(r.body === undefined ? {} : { body: r.body }),
          };
        },
        onResponse: (status, body) => {
          if (status >= 300 || (options.check && !options.check(body))) {
            refused++;
            firstError ??= `HTTP ${status}: ${body.slice(0, 200)}`;
          }
        },
      },
    ],
  });
  const errors = result.errors + result.timeouts + result.non2xx + refused;
  return {
    requests: result.requests.total,
    errors,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    firstError,
  };
}
