// The one secret check and its lockout (gateway/auth/authenticator.ts, README.md "Login lockout")
// on SQLite and PostgreSQL: which secrets each option set takes, what locks (an address for a
// user name), what clears, and a directory that is down or a proof that throws counting nothing.
// The rest of the policy is in lockout-policy.test.ts.
import { storeTest } from '../../helpers/databases.js';
import { ALL, DIRECTORY, KEY_ONLY, PASSWORD_ONLY, reasons, setUp } from './authenticator-setup.js';

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
