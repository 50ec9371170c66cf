// The server side of the HTTP benchmarks (scripts/bench/server-process.ts forks it): the
// gateway in a process of its own, so the load generator never shares its event loop or its CPU
// accounting. It mounts the ceiling — a bare koa endpoint behind the same middleware, after
// the protocol routers — and answers the parent over IPC: `cpu` (this process's
// process.cpuUsage() in microseconds), `count` (records of a module, for the webform
// benchmark's check) and `stop` (a graceful stop, so `node --cpu-prof` writes its profile).
import { loadConfig } from '../../gateway/config.js';
import { createLogger } from '../../gateway/logger.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { benchWebform } from './bench-webform.js';

export interface BenchServerSpec {
  readonly env: Readonly<Record<string, string>>;
  readonly ceilingPath: string;
  readonly ceilingStatus: number;
  /** Creates the benchmark webform and reports its intake URL. */
  readonly webform: boolean;
}

export type BenchServerReply =
  | { readonly type: 'ready'; readonly url: string; readonly intake: string | null }
  | { readonly type: 'cpu'; readonly userUs: number; readonly systemUs: number }
  | { readonly type: 'count'; readonly count: number };

export type BenchServerRequest =
  | { readonly type: 'cpu' }
  | { readonly type: 'count'; readonly module: string }
  | { readonly type: 'stop' };

async function benchForm(gw: RunningGateway): Promise<string> {
  const form = await gw.webforms.forms.create(
    benchWebform('Benchmark', [
      { name: 'firstname', label: 'First name', required: false, override: null },
      { name: 'lastname', label: 'Last name', required: true, override: null },
      { name: 'email', label: 'E-mail', required: true, override: null },
      { name: 'description', label: 'Message', required: false, override: null },
      { name: 'leadsource', label: 'Lead source', required: false, override: 'Web Site' },
    ]),
    1,
  );
  return `${gw.url}/webforms/${form.publicId}`;
}

function send(reply: BenchServerReply): void {
  process.send?.(reply);
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as BenchServerSpec;
  const gw = await startGateway(loadConfig(spec.env), createLogger('silent'), {
    mount: (app) =>
      app.use(async (ctx, next) => {
        if (ctx.path !== spec.ceilingPath) return next();
        ctx.status = spec.ceilingStatus;
        ctx.body = { ok: true };
      }),
  });
  const intake = spec.webform ? await benchForm(gw) : null;
  process.on('message', (message: BenchServerRequest) => {
    void (async () => {
      if (message.type === 'cpu') {
        const usage = process.cpuUsage();
        send({ type: 'cpu', userUs: usage.user, systemUs: usage.system });
      } else if (message.type === 'count') {
        const admin = await gw.store.users.actor(1);
        const count = admin ? await gw.store.records.count(admin, message.module) : 0;
        send({ type: 'count', count });
      } else {
        await gw.stop();
        process.disconnect();
      }
    })();
  });
  send({ type: 'ready', url: gw.url, intake });
}

await main();
