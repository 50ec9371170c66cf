// One lockout over every entry point that checks a user's secret (gateway/auth/authenticator.ts):
// the vtenext REST API, the vtiger webservice login, CalDAV (password and access key), the
// CommerceML exchange and the console, against the real app over HTTP. A wrong secret counts
// once wherever it is sent, a right one clears the count wherever it is sent, and a locked user
// name or address is refused everywhere, even with the right secret.
import anyTest, { type TestFn } from 'ava';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { createUser, ENTRY_POINTS, failuresOf, type EntryPoint } from './entry-points.js';

const test = anyTest as TestFn<{ gw: TestGateway }>;

// One failure per entry point reaches the limit exactly.
const LIMIT = ENTRY_POINTS.length;

test.before(async (t) => {
  t.context.gw = await startTestGateway({
    GATEWAY_LOGIN_MAX_FAILURES: String(LIMIT),
    GATEWAY_TRUST_PROXY: 'true',
  });
});

test.after.always(async (t) => t.context.gw?.dispose());

let nextAddress = 1;
/** A client address no other attempt used, so only the user name's count is at stake. */
function freshIp(): string {
  const n = nextAddress++;
  return `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}`;
}

async function everywhere(
  gw: TestGateway,
  user: string,
  secret: (e: EntryPoint) => string,
  ip: () => string,
): Promise<Record<string, string>> {
  const outcomes: Record<string, string> = {};
  for (const e of ENTRY_POINTS) outcomes[e.name] = await e.attempt(gw, user, secret(e), ip());
  return outcomes;
}

function all(outcome: string): Record<string, string> {
  return Object.fromEntries(ENTRY_POINTS.map((e) => [e.name, outcome]));
}

test.serial(
  'one wrong secret on each entry point locks the user on all of them; the right secret is then refused everywhere and counts nothing',
  async (t) => {
    const { gw } = t.context;
    const carol = await createUser(gw, 'carol');
    t.deepEqual(
      await everywhere(gw, 'carol', () => 'wrong-secret', freshIp),
      all('wrong'),
      'each wrong secret is refused as wrong until the limit',
    );
    t.is(await failuresOf(gw, 'user:carol'), LIMIT, 'each entry point counted once');
    t.deepEqual(
      await everywhere(gw, 'carol', (e) => e.rightSecret(carol), freshIp),
      all('locked'),
      'the right password or access key is refused on every entry point while locked',
    );
    t.is(await failuresOf(gw, 'user:carol'), LIMIT, 'attempts while locked are not counted');
    // The addresses each saw one failure: the lock is the user name's, not theirs.
    const dave = await createUser(gw, 'dave');
    t.is(await ENTRY_POINTS[0]?.attempt(gw, 'dave', dave.accessKey, '198.51.100.2'), 'ok');
    await gw.store.db.knex('login_failures').del();
    t.deepEqual(await everywhere(gw, 'carol', (e) => e.rightSecret(carol), freshIp), all('ok'));
  },
);

for (const clearing of ENTRY_POINTS) {
  test.serial(
    `a success on ${clearing.name} before the limit clears the count for every entry point`,
    async (t) => {
      const { gw } = t.context;
      const name = `erin${ENTRY_POINTS.indexOf(clearing)}`;
      const erin = await createUser(gw, name);
      const wrongs = ENTRY_POINTS.filter((e) => e !== clearing);
      for (const e of wrongs) t.is(await e.attempt(gw, name, 'wrong-secret', freshIp()), 'wrong');
      t.is(await failuresOf(gw, `user:${name}`), LIMIT - 1);
      t.is(await clearing.attempt(gw, name, clearing.rightSecret(erin), freshIp()), 'ok');
      t.is(await failuresOf(gw, `user:${name}`), 0, 'the success cleared the user name');
      // Without the clearing these would go past the limit.
      for (const e of wrongs) t.is(await e.attempt(gw, name, 'wrong-secret', freshIp()), 'wrong');
      t.deepEqual(
        await everywhere(gw, name, (e) => e.rightSecret(erin), freshIp),
        all('ok'),
        'still under the limit on every entry point',
      );
    },
  );
}

test.serial(
  'wrong secrets for different users from one address lock that address on every entry point, not others',
  async (t) => {
    const { gw } = t.context;
    const frank = await createUser(gw, 'frank');
    const ip = '203.0.113.7';
    let n = 0;
    for (const e of ENTRY_POINTS) {
      const guessed = `guess${n++}`;
      await createUser(gw, guessed);
      t.is(await e.attempt(gw, guessed, 'wrong-secret', ip), 'wrong');
    }
    t.is(await failuresOf(gw, `ip:${ip}`), LIMIT);
    t.deepEqual(
      await everywhere(
        gw,
        'frank',
        (e) => e.rightSecret(frank),
        () => ip,
      ),
      all('locked'),
    );
    t.is(await failuresOf(gw, 'user:frank'), 0, 'refusals of a locked address count for no user');
    t.deepEqual(await everywhere(gw, 'frank', (e) => e.rightSecret(frank), freshIp), all('ok'));
  },
);

test.serial('an inactive user is refused as wrong everywhere, and that counts', async (t) => {
  const { gw } = t.context;
  const gina = await createUser(gw, 'gina');
  const user = await gw.store.users.findByUserName('gina');
  await gw.store.users.update(user?.id ?? 0, { status: 'Inactive' });
  t.deepEqual(await everywhere(gw, 'gina', (e) => e.rightSecret(gina), freshIp), all('wrong'));
  t.is(await failuresOf(gw, 'user:gina'), LIMIT);
});

test.serial(
  'an empty or unknown user name: refused as wrong; an empty one counts nothing',
  async (t) => {
    const { gw } = t.context;
    for (const e of ENTRY_POINTS.filter((x) => x.name !== 'vtiger webservice login'))
      t.is(await e.attempt(gw, 'nobody-here', 'some-secret', freshIp()), 'wrong', e.name);
    t.is(await failuresOf(gw, 'user:nobody-here'), LIMIT - 1);
    const ip = freshIp();
    const dav = ENTRY_POINTS.find((e) => e.name.startsWith('CalDAV'));
    t.is(await dav?.attempt(gw, '', 'some-secret', ip), 'wrong');
    t.is(await failuresOf(gw, `ip:${ip}`), 0);
  },
);

test.serial(
  'each entry point keeps the secrets it takes: no local password on REST or 1C, no access key on the console',
  async (t) => {
    const { gw } = t.context;
    const hal = await createUser(gw, 'hal');
    const byName = (name: string): EntryPoint => {
      const e = ENTRY_POINTS.find((x) => x.name === name);
      if (!e) throw new Error(name);
      return e;
    };
    t.is(await byName('vtenext REST Basic').attempt(gw, 'hal', hal.password, freshIp()), 'wrong');
    t.is(await byName('CommerceML checkauth').attempt(gw, 'hal', hal.password, freshIp()), 'wrong');
    t.is(await byName('console login').attempt(gw, 'hal', hal.accessKey, freshIp()), 'wrong');
    t.is(
      await failuresOf(gw, 'user:hal'),
      3,
      'a secret an entry point does not take counts as wrong',
    );
  },
);
