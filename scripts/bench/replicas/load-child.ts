// The load generator of `npm run bench:replicas`, in its own process so its CPU is not the
// replicas' (scripts/bench/replicas.ts). Reads one JSON job from argv[2], prints the LoadResult.
import { runLoad } from '../load.js';
import { runFetchLoad } from './fetch-load.js';
import { checkOf, scenario, type ScenarioName, type ScenarioParams } from './scenarios.js';

interface Job {
  readonly baseUrl: string;
  readonly connections: number;
  readonly durationMs: number;
  readonly name: ScenarioName;
  readonly params: ScenarioParams;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const check = checkOf(job.name);
const request = scenario(job.name, job.params);
const options = {
  baseUrl: job.baseUrl,
  connections: job.connections,
  durationMs: job.durationMs,
  request,
  ...(check ? { check } : {}),
};
// autocannon sends only the classic methods; WebDAV REPORT goes through node:http.
const result =
  request(0).method === 'REPORT' ? await runFetchLoad(options) : await runLoad(options);
process.stdout.write(`${JSON.stringify(result)}\n`);
