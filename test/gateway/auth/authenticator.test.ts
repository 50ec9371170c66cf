// The one secret check and its lockout (gateway/auth/authenticator.ts, README.md "Login lockout")
// on SQLite and PostgreSQL: which secrets each option set takes, what locks (an address for a
// user name, passwords and access keys apart), what only slows (the user name over all
// addresses), what clears, and a directory that is down or a proof that throws counting nothing.
import {
  Authenticator,
  type AcceptedSecrets,
  type DirectoryLogin,
} from '../../../gateway/auth/authenticator.js';
import { GatewayError } from '../../../store/errors.js';
import { LoginAddresses } from '../../../store/login-addresses.js';
import { LoginThrottle } from '../../../store/login-throttle.js';
import type { User } from '../../../store/types.js';
import { storeTest } from '../../helpers/databases.js';
import type { TestStore } from '../../helpers/store.js';

const HOUR = 3_600_000;
const ALL: AcceptedSecrets = { accessKey: true, password: 'all' };
const KEY_ONLY: AcceptedSecrets = { accessKey: true, password: 'none' };
const PASSWORD_ONLY: AcceptedSecrets = { accessKey: false, password: 'all' };
const DIRECTORY: AcceptedSecrets = { accessKey: true, password: 'directory' };

/** A directory with one user, `dora` / `dora-dir-secret`, that can be switched off-line. */
class FakeDirectory implements DirectoryLogin {
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

interface SetUp {
  auth: Authenticator;
  directory: FakeDirectory;
  failures: (key: string) => Promise<number>;
  /** The delays the authenticator waited, in order. */
  waits: number[];
}

async function setUp(ts: TestStore): Promise<SetUp> {
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

async function reasons(
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

storeTest('each option set takes only its secrets', async (t, ts) => {
  const { auth, failures } = await setUp(ts);
  t.deepEqual(
    await reasons(
      auth,
      [
        ['kim', 'kimAccessKey012345', ALL],
        ['kim', 'kim-password-1', ALL],
        ['kim', 'kimAccessKey012345', KEY_ONLY],
        ['kim', 'kim-password-1', PASSWORD_ONLY],
        ['kim', 'kimAccessKey012345', DIRECTORY],
        ['dora', 'dora-dir-secret', DIRECTORY],
        ['dora', 'dora-dir-secret', PASSWORD_ONLY],
        [' kim ', 'kim-password-1', PASSWORD_ONLY],
      ],
      '192.0.2.1',
    ),
    ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  );
  // A local password where only directory passwords go, a key where only passwords go.
  t.is((await auth.loginWithSecret('kim', 'kim-password-1', '192.0.2.2', DIRECTORY)).ok, false);
  t.is(
    (await auth.loginWithSecret('kim', 'kimAccessKey012345', '192.0.2.3', PASSWORD_ONLY)).ok,
    false,
  );
  t.is((await auth.loginWithSecret('kim', 'kim-password-1', '192.0.2.4', KEY_ONLY)).ok, false);
  t.is(await failures('user:kim'), 3);
});

storeTest(
  'the lock: an address for a user name, counted once per wrong secret, right secret refused there only, success clears the pair',
  async (t, ts) => {
    const { auth, failures } = await setUp(ts);
    const ip = '192.0.2.10';
    t.deepEqual(
      await reasons(
        auth,
        [
          ['kim', 'wrong-1', PASSWORD_ONLY],
          ['kim', 'wrong-2', ALL],
          ['kim', 'kim-password-1', PASSWORD_ONLY],
        ],
        ip,
      ),
      ['invalid', 'invalid', 'ok'],
    );
    t.is(await failures(`password:kim|${ip}`), 0, 'the success cleared the pair');
    t.is(await failures('user:kim'), 2, 'but not the user name');
    t.is(await failures(`ip:password:${ip}`), 2, 'nor the address');
    const other = '192.0.2.11';
    t.deepEqual(
      await reasons(
        auth,
        [
          ['kim', 'wrong-3', PASSWORD_ONLY],
          ['kim', 'wrong-4', ALL],
          ['kim', 'wrong-5', DIRECTORY],
          ['kim', 'kim-password-1', PASSWORD_ONLY],
          ['kim', 'kim-password-1', PASSWORD_ONLY],
        ],
        other,
      ),
      ['invalid', 'invalid', 'invalid', 'locked', 'locked'],
    );
    t.is(
      await failures(`password:kim|${other}`),
      3,
      'attempts while locked do not extend the lock',
    );
    t.is(await failures('user:kim'), 7, 'but count for the user name');
    t.like(
      await auth.loginWithSecret('kim', 'kim-password-1', '192.0.2.12', PASSWORD_ONLY),
      { ok: true },
      'another address is not locked',
    );
    const locked = await auth.loginWithSecret('kim', 'kim-password-1', other, ALL);
    t.like(locked, { ok: false, reason: 'locked' });
    t.regex(
      locked.ok ? '' : locked.message,
      /^Too many failed logins; try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
  },
);

storeTest(
  'password failures never lock the access key, and key failures never lock the password',
  async (t, ts) => {
    const { auth, failures } = await setUp(ts);
    const ip = '192.0.2.13';
    for (let i = 0; i < 3; i++)
      t.like(await auth.loginWithSecret('kim', `wrong-${i}`, ip, PASSWORD_ONLY), {
        reason: 'invalid',
      });
    t.like(await auth.loginWithSecret('kim', 'kim-password-1', ip, PASSWORD_ONLY), {
      reason: 'locked',
    });
    t.like(await auth.loginWithSecret('kim', 'kimAccessKey012345', ip, KEY_ONLY), { ok: true });
    t.like(
      await auth.loginWithSecret('kim', 'kimAccessKey012345', ip, ALL),
      { ok: true },
      'where both are taken, the key is still checked',
    );
    t.like(
      await auth.loginWithSecret('kim', 'kim-password-1', ip, ALL),
      { reason: 'locked' },
      'a password where both are taken is refused as locked',
    );
    t.is(await failures(`key:kim|${ip}`), 1, 'and counts as a wrong key, the only check made');
    const other = '192.0.2.14';
    for (let i = 0; i < 3; i++)
      t.like(await auth.loginWithSecret('kim', `wrong-key-${i}`, other, KEY_ONLY), {
        reason: 'invalid',
      });
    t.like(await auth.loginWithSecret('kim', 'kimAccessKey012345', other, KEY_ONLY), {
      reason: 'locked',
    });
    t.like(await auth.loginWithSecret('kim', 'kim-password-1', other, PASSWORD_ONLY), { ok: true });
  },
);

storeTest(
  'a flood from many addresses slows the user name, growing and capped, but locks no one; a recent address is not slowed',
  async (t, ts) => {
    const { auth, failures, waits } = await setUp(ts);
    t.like(await auth.loginWithSecret('kim', 'kim-password-1', '192.0.2.50', ALL), { ok: true });
    for (let i = 0; i < 7; i++)
      t.like(await auth.loginWithSecret('kim', 'wrong', `198.51.100.${i + 1}`, ALL), {
        reason: 'invalid',
      });
    t.deepEqual(
      waits,
      [0, 0, 0, 100, 200, 400, 400].filter((ms) => ms > 0),
    );
    t.is(await failures('user:kim'), 7);
    waits.length = 0;
    t.like(await auth.loginWithSecret('kim', 'kimAccessKey012345', '198.51.100.99', KEY_ONLY), {
      ok: true,
    });
    t.deepEqual(waits, [400], 'a new address waits, then gets in');
    waits.length = 0;
    t.like(await auth.loginWithSecret('kim', 'kim-password-1', '192.0.2.50', ALL), { ok: true });
    t.deepEqual(waits, [], 'the address that logged in before does not wait');
    t.is(await failures('user:kim'), 7, 'a success does not reset the flood count');
  },
);

storeTest('a pair locked by its own failures stays locked, trusted or not', async (t, ts) => {
  const { auth } = await setUp(ts);
  const ip = '192.0.2.60';
  t.like(await auth.loginWithSecret('kim', 'kim-password-1', ip, ALL), { ok: true });
  for (let i = 0; i < 3; i++) await auth.loginWithSecret('kim', 'wrong', ip, PASSWORD_ONLY);
  t.like(await auth.loginWithSecret('kim', 'kim-password-1', ip, PASSWORD_ONLY), {
    reason: 'locked',
  });
});

storeTest(
  'wrong secrets for different users from one address lock that address for every user',
  async (t, ts) => {
    const { auth, failures } = await setUp(ts);
    const ip = '203.0.113.9';
    for (const name of ['ann', 'bob', 'cy'])
      t.like(await auth.loginWithSecret(name, 'guess', ip, PASSWORD_ONLY), { reason: 'invalid' });
    t.is(await failures(`ip:password:${ip}`), 3);
    t.like(await auth.loginWithSecret('kim', 'kim-password-1', ip, PASSWORD_ONLY), {
      reason: 'locked',
    });
    t.like(await auth.loginWithSecret('kim', 'kimAccessKey012345', ip, KEY_ONLY), { ok: true });
  },
);

storeTest('empty and over-long input: names count nothing, secrets count', async (t, ts) => {
  const { auth, failures } = await setUp(ts);
  const ip = '192.0.2.20';
  for (const name of ['', '   ', 'x'.repeat(257)])
    t.like(await auth.loginWithSecret(name, 'secret', ip, ALL), { ok: false, reason: 'invalid' });
  t.is(await failures(`ip:${ip}`), 0);
  t.like(await auth.loginWithSecret('kim', '', ip, ALL), { ok: false, reason: 'invalid' });
  t.like(await auth.loginWithSecret('kim', 'k'.repeat(1025), ip, ALL), {
    ok: false,
    reason: 'invalid',
  });
  t.is(await failures('user:kim'), 2);
});

storeTest(
  'a directory that is down neither fails nor passes, and never blocks local users',
  async (t, ts) => {
    const { auth, directory, failures } = await setUp(ts);
    directory.down = true;
    t.like(await auth.loginWithSecret('dora', 'dora-dir-secret', '192.0.2.30', ALL), {
      ok: false,
      reason: 'unavailable',
    });
    t.is(await failures('user:dora'), 0);
    t.like(await auth.loginWithSecret('kim', 'kim-password-1', '192.0.2.30', ALL), { ok: true });
  },
);

storeTest(
  'a proof: checked under the same lock; what the proof throws passes through uncounted',
  async (t, ts) => {
    const { auth, failures } = await setUp(ts);
    const kim = await ts.store.users.findByUserName('kim');
    if (!kim) return t.fail();
    const yes = (): Promise<boolean> => Promise.resolve(true);
    const no = (): Promise<boolean> => Promise.resolve(false);
    const boom = (): Promise<boolean> => Promise.reject(new Error('no challenge'));
    await t.throwsAsync(auth.loginWithProof(kim, '192.0.2.40', boom), { message: 'no challenge' });
    t.is(await failures('user:kim'), 0);
    for (let i = 0; i < 3; i++)
      t.like(await auth.loginWithProof(kim, '192.0.2.40', no), { reason: 'invalid' });
    t.like(await auth.loginWithProof(kim, '192.0.2.40', yes), { ok: false, reason: 'locked' });
    t.like(await auth.loginWithSecret('kim', 'kimAccessKey012345', '192.0.2.40', KEY_ONLY), {
      reason: 'locked',
    });
    t.like(await auth.loginWithProof(kim, '192.0.2.41', yes), { ok: true });
    t.like(await auth.loginWithSecret('kim', 'kim-password-1', '192.0.2.40', PASSWORD_ONLY), {
      ok: true,
    });
    await ts.store.db.knex('login_failures').del();
    const asleep = await ts.store.users.update(kim.id, { status: 'Inactive' });
    t.like(await auth.loginWithProof(asleep, '192.0.2.43', yes), { ok: false, reason: 'invalid' });
    t.is(await failures('user:kim'), 1, 'an inactive user with a good proof counts as wrong');
  },
);
