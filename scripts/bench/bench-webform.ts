// The webform the HTTP and replica benchmarks post to (scripts/bench/bench-server.ts,
// scripts/bench/replicas.ts): Leads, open to every origin, with no captcha, caps, limits or
// dedupe, so the benchmark measures the intake path and not the spam policies (README.md
// "Webforms").
import type { WebformField, WebformSettings } from '../../store/webforms/types.js';

/** The benchmark form's settings with the given name and fields. */
export function benchWebform(name: string, fields: readonly WebformField[]): WebformSettings {
  return {
    name,
    module: 'Leads',
    owner: { kind: 'user', id: 1 },
    returnUrl: null,
    allowedOrigins: [],
    captcha: false,
    allowFiles: false,
    dailyCap: 0,
    ipLimit: 0,
    formLimit: 0,
    minFillSeconds: 0,
    dedupe: 'none',
    active: true,
    fields,
  };
}
