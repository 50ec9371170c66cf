// Prometheus metrics (prom-client) on a registry of the gateway's own, so that several
// gateways in one test process do not collide.
import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly jobRuns: Counter<'job' | 'result'>;
  readonly up: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gateway_' });
  const up = new Gauge({
    name: 'gateway_up',
    help: '1 while the gateway accepts requests',
    registers: [registry],
  });
  up.set(1);
  return {
    registry,
    up,
    httpRequests: new Counter({
      name: 'gateway_http_requests_total',
      help: 'HTTP requests by route prefix and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'gateway_job_runs_total',
      help: 'Job runs by result',
      labelNames: ['job', 'result'],
      registers: [registry],
    }),
  };
}

/** The first path segment, so that metric labels stay few (no ids in labels). */
export function routeLabel(path: string): string {
  const first = path.split('/')[1] ?? '';
  return /^[A-Za-z0-9_.-]{1,40}$/.test(first) ? `/${first}` : '/';
}
