// The authenticator over a test store for the lockout tests (authenticator.test.ts,
// lockout-policy.test.ts): user kim with a password and an access key, a directory with dora,
// a limit of 3 failures, and a slowdown whose waits are recorded instead of slept.
import {
  Authenticator,
  type AcceptedSecrets,
  type DirectoryLogin,
} from '../../../gateway/auth/authenticator.js';
import { GatewayError } from '../../../store/errors.js';
import { LoginAddresses } from '../../../store/login-addresses.js';
import { LoginThrottle } from '../../../store/login-throttle.js';
import type { User } from '../../../store/types.js';
import type { TestStore } from '../../helpers/store.js';

export const HOUR = 3_600_000;
export const ALL: AcceptedSecrets = { accessKey: true, password: 'all' };
export const KEY_ONLY: AcceptedSecrets = { accessKey: true, password: 'none' };
export const PASSWORD_ONLY: AcceptedSecrets = { accessKey: false, password: 'all' };
export const DIRECTORY: AcceptedSecrets = { accessKey: true, password: 'directory' };

/** A directory with one user, `dora` / `dora-dir-secret`, that can be switched off-line. */
export class FakeDirectory implements DirectoryLogin {
  down = false;
  constructor(private readonly ts: TestStore) {}
  enabled(): Promise<boolean> {
    return Promise.resolve(true);
  }
  async authenticate(username: string, password: string): Promise<User | null> {
    if (this.down) throw new GatewayError('unavailable', 'connection refused');
    if (username !== 'dora' || password !== 'dora-dir-secret') return null;
    return (
      (await this.ts.store.users.findByUserName('dora')) ??
      this.ts.store.users.create({
        userName: 'dora',
        password: 'unused-local-password',
        authSource: 'ldap',
        lastName: 'Dora',
      })
    );
  }
}

export interface SetUp {
  auth: Authenticator;
  directory: FakeDirectory;
  failures: (key: string) => Promise<number>;
  /** The delays the authenticator waited, in order. */
  waits: number[];
}

export async function setUp(ts: TestStore): Promise<SetUp> {
  await ts.store.users.create({
    userName: 'kim',
    password: 'kim-password-1',
    accessKey: 'kimAccessKey012345',
    lastName: 'Kim',
  });
  const throttle = new LoginThrottle(ts.store.db.knex, {
    maxFailures: 3,
    windowMs: HOUR,
    lockMs: HOUR,
  });
  const directory = new FakeDirectory(ts);
  const failures = async (key: string): Promise<number> =>
    (await throttle.states([key]))[0]?.failures ?? 0;
  const waits: number[] = [];
  const auth = new Authenticator(ts.store.users, throttle, directory, {
    addresses: new LoginAddresses(ts.store.db.knex),
    addressMaxFailures: 3,
    freeFailures: 3,
    stepMs: 100,
    maxDelayMs: 400,
    trustedMs: 30 * 24 * HOUR,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  return { auth, directory, failures, waits };
}

export async function reasons(
  auth: Authenticator,
  attempts: readonly [string, string, AcceptedSecrets][],
  ip: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const [user, secret, accepts] of attempts) {
    const r = await auth.loginWithSecret(user, secret, ip, accepts);
    out.push(r.ok ? 'ok' : r.reason);
  }
  return out;
}
