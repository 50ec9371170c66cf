// `npm run bench -- <name> [flags]`: benchmarks print figures and their ratio to a baseline
// measured in the same run (never compare absolute times across runs).
import { benchStore } from './store.js';

const BENCHES: Record<string, (argv: readonly string[]) => Promise<void>> = { store: benchStore };

const [name = 'store', ...rest] = process.argv.slice(2);
const bench = BENCHES[name];
if (!bench) {
  process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(2);
}
await bench(rest);
