// The lockout policy of the one secret check (gateway/auth/authenticator.ts, README.md "Login
// lockout") on SQLite and PostgreSQL: passwords and access keys counted apart, a flood from many
// addresses slowing the user name without locking it, recent addresses exempt, an address locked
// across user names.
import { storeTest } from '../../helpers/databases.js';
import { ALL, KEY_ONLY, PASSWORD_ONLY, setUp } from './authenticator-setup.js';

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

storeTest(
  'a user name up to the longest accepted is counted, its keys fitting their columns',
  async (t, ts) => {
    const { auth, failures } = await setUp(ts);
    const name = 'n'.repeat(256);
    const ip = 'fe80:0000:0000:0000:0204:61ff:fe9d:f156';
    t.like(await auth.loginWithSecret(name, 'wrong', ip, ALL), { reason: 'invalid' });
    const rows = await ts.store.db.knex('login_failures').pluck('key');
    t.is(rows.length, 3);
    t.true(rows.every((key: string) => key.length <= 200));
    t.is(await failures(`ip:password:${ip}`), 1);
  },
);
