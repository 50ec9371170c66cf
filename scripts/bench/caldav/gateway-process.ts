// The gateway side of `bench:caldav`, in its own process so the load generator never shares its
// event loop and its CPU time is its own: a gateway at the data directory given as argument with
// one user, alice. Talks to the parent over the fork IPC channel: sends {url, accessKey} once
// listening, answers 'cpu' with the process's CPU time so far (µs), and stops on 'stop' (a
// `--cpu-prof` profile, when asked for, is written as the process exits).
import { benchConfig } from '../bench-config.js';
import { createLogger } from '../../../gateway/logger.js';
import { startGateway } from '../../../gateway/server.js';

const dir = process.argv[2];
if (!dir || !process.send) throw new Error('run by scripts/bench/caldav.ts through fork');
const send = (message: unknown): void => {
  process.send?.(message);
};
const config = benchConfig(dir, {
  GATEWAY_JOBS_POLL_MS: '1000',
});
const gw = await startGateway(config, createLogger(config.logLevel));
const alice = await gw.store.users.create({
  userName: 'alice',
  password: 'alice-password-1',
  lastName: 'Bench',
});
send({ url: gw.url, accessKey: alice.accessKey });
process.on('message', (message) => {
  void (async () => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ cpuMicros: user + system });
    } else if (message === 'stop') {
      await gw.stop();
      process.disconnect();
      process.exit(0);
    }
  })();
});
