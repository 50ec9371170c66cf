// A wrong password for a user name that does not exist takes as long as one for a real user: the
// refusal runs a full scrypt check either way (store/passwords.ts verifyNothing), so the answer
// time does not tell user names apart. Medians of a few attempts each, within a generous factor.
import test from 'ava';
import { Authenticator, type AcceptedSecrets } from '../../../gateway/auth/authenticator.js';
import { LoginAddresses } from '../../../store/login-addresses.js';
import { LoginThrottle } from '../../../store/login-throttle.js';
import { sqliteStore } from '../../helpers/store.js';

const ROUNDS = 5;
// Unknown names must take at least this share of the time of known ones (scrypt is ~8 times the
// rest of a refusal, so a skipped check falls far below it).
const FACTOR = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

for (const [label, accepts] of [
  ['console (passwords)', { accessKey: false, password: 'all' }],
  ['CalDAV (access key or password)', { accessKey: true, password: 'all' }],
] as const satisfies readonly (readonly [string, AcceptedSecrets])[]) {
  test(`${label}: an unknown user name is refused as slowly as a wrong password`, async (t) => {
    t.timeout(60_000);
    const { store, dispose } = await sqliteStore();
    t.teardown(dispose);
    await store.users.create({ userName: 'kim', password: 'kim-password-1', lastName: 'Kim' });
    const auth = new Authenticator(
      store.users,
      new LoginThrottle(store.db.knex, { maxFailures: 1000, windowMs: 60_000, lockMs: 60_000 }),
      null,
      {
        addresses: new LoginAddresses(store.db.knex),
        addressMaxFailures: 1000,
        freeFailures: 1000,
        stepMs: 0,
        maxDelayMs: 0,
        trustedMs: 0,
      },
    );
    const known: number[] = [];
    const unknown: number[] = [];
    // Warm up the dummy hash and the connection before measuring.
    await auth.loginWithSecret('nobody-0', 'wrong', '192.0.2.1', accepts);
    for (let i = 1; i <= ROUNDS; i++) {
      known.push(await timed(() => auth.loginWithSecret('kim', 'wrong', '192.0.2.1', accepts)));
      unknown.push(
        await timed(() => auth.loginWithSecret(`nobody-${i}`, 'wrong', '192.0.2.1', accepts)),
      );
    }
    t.true(
      median(unknown) * FACTOR >= median(known),
      `unknown ${median(unknown).toFixed(1)} ms, known ${median(known).toFixed(1)} ms`,
    );
  });
}
