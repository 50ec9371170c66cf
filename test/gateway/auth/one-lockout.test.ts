// One lockout over every entry point that checks a user's secret (gateway/auth/authenticator.ts,
// README.md "Login lockout"): the vtenext REST API, the vtiger webservice login, CalDAV (password
// and access key), the CommerceML exchange and the console, against the real app over HTTP.
// Failures lock a client address for a user name (passwords and access keys counted apart) and an
// address that guesses many names, wherever they are sent; a right secret clears its address's
// count wherever it is sent; failures from many addresses only slow the user name, and not for an
// address that logged in as that user recently.
import anyTest, { type TestFn } from 'ava';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { createUser, ENTRY_POINTS, failuresOf, type EntryPoint } from './entry-points.js';

const test = anyTest as TestFn<{ gw: TestGateway; slow: TestGateway }>;

// Three entry points count wrong passwords and three wrong access keys (vtenext REST takes
// directory passwords only, and no directory is on): one failure on each of a kind reaches the
// limit of an address for a user name exactly, two on each the limit of an address.
const LIMIT = 3;
const ADDRESS_LIMIT = 2 * LIMIT;
// The slowdown of the second gateway: no wait for LIMIT failures on a name, then 250, 500, 1000 ms.
const MAX_DELAY_MS = 1000;

test.before(async (t) => {
  t.context.gw = await startTestGateway({
    GATEWAY_LOGIN_MAX_FAILURES: String(LIMIT),
    GATEWAY_LOGIN_ADDRESS_MAX_FAILURES: String(ADDRESS_LIMIT),
    GATEWAY_LOGIN_DELAY_MS: '0',
    GATEWAY_TRUST_PROXY: 'true',
  });
  t.context.slow = await startTestGateway({
    GATEWAY_LOGIN_MAX_FAILURES: String(LIMIT),
    GATEWAY_LOGIN_DELAY_MS: '250',
    GATEWAY_LOGIN_MAX_DELAY_MS: String(MAX_DELAY_MS),
    GATEWAY_TRUST_PROXY: 'true',
  });
});

test.after.always(async (t) => {
  await t.context.gw?.dispose();
  await t.context.slow?.dispose();
});

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

function byName(name: string): EntryPoint {
  const e = ENTRY_POINTS.find((x) => x.name === name);
  if (!e) throw new Error(name);
  return e;
}

test.serial(
  'one wrong secret on each entry point locks that address for the user on all of them; other addresses get in',
  async (t) => {
    const { gw } = t.context;
    const carol = await createUser(gw, 'carol');
    const ip = freshIp();
    t.deepEqual(
      await everywhere(
        gw,
        'carol',
        () => 'wrong-secret',
        () => ip,
      ),
      all('wrong'),
      'each wrong secret is refused as wrong until the limit',
    );
    t.is(await failuresOf(gw, `password:carol|${ip}`), LIMIT, 'three entry points count passwords');
    t.is(await failuresOf(gw, `key:carol|${ip}`), LIMIT, 'three count access keys');
    t.deepEqual(
      await everywhere(
        gw,
        'carol',
        (e) => e.rightSecret(carol),
        () => ip,
      ),
      all('locked'),
      'the right password or access key is refused on every entry point from that address',
    );
    t.is(await failuresOf(gw, `password:carol|${ip}`), LIMIT, 'refusals do not extend the lock');
    t.is(await failuresOf(gw, 'user:carol'), 4 * LIMIT, 'but count for the user name');
    t.deepEqual(
      await everywhere(gw, 'carol', (e) => e.rightSecret(carol), freshIp),
      all('ok'),
      "the lock is the address's, not the user name's",
    );
  },
);

for (const clearing of ENTRY_POINTS) {
  test.serial(
    `a success on ${clearing.name} before the limit clears its address's count of that secret for every entry point`,
    async (t) => {
      const { gw } = t.context;
      const name = `erin${ENTRY_POINTS.indexOf(clearing)}`;
      const erin = await createUser(gw, name);
      const right = clearing.rightSecret(erin);
      // A right access key clears wrong access keys only, and a password wrong passwords.
      const kind = right === erin.password ? 'password' : 'key';
      const ip = freshIp();
      const wrongs = ENTRY_POINTS.filter((e) => e !== clearing && e.kind === kind).slice(
        0,
        LIMIT - 1,
      );
      for (const e of wrongs) t.is(await e.attempt(gw, name, 'wrong-secret', ip), 'wrong');
      t.is(await failuresOf(gw, `${kind}:${name}|${ip}`), LIMIT - 1);
      t.is(await clearing.attempt(gw, name, right, ip), 'ok');
      t.is(await failuresOf(gw, `${kind}:${name}|${ip}`), 0, 'the success cleared it');
      // Without the clearing these would go past the limit.
      for (const e of wrongs) t.is(await e.attempt(gw, name, 'wrong-secret', ip), 'wrong');
      t.deepEqual(
        await everywhere(
          gw,
          name,
          (e) => e.rightSecret(erin),
          () => ip,
        ),
        all('ok'),
        'still under the limit on every entry point',
      );
    },
  );
}

test.serial(
  'wrong passwords from an address do not stop the right access key from it',
  async (t) => {
    const { gw } = t.context;
    const ivy = await createUser(gw, 'ivy');
    const ip = freshIp();
    const console = byName('console login');
    for (let i = 0; i < LIMIT; i++)
      t.is(await console.attempt(gw, 'ivy', 'wrong-secret', ip), 'wrong');
    const outcomes = await everywhere(
      gw,
      'ivy',
      (e) => e.rightSecret(ivy),
      () => ip,
    );
    t.deepEqual(outcomes, {
      ...all('ok'),
      // A right access key clears no password failures: the password stays locked.
      'CalDAV Basic (password)': 'locked',
      'console login': 'locked',
    });
  },
);

test.serial(
  'wrong secrets for different users from one address lock that address on every entry point, not others',
  async (t) => {
    const { gw } = t.context;
    const frank = await createUser(gw, 'frank');
    const ip = '203.0.113.7';
    let n = 0;
    for (const e of [...ENTRY_POINTS, ...ENTRY_POINTS]) {
      const guessed = `guess${n++}`;
      await createUser(gw, guessed);
      t.is(await e.attempt(gw, guessed, 'wrong-secret', ip), 'wrong');
    }
    t.is(await failuresOf(gw, `ip:password:${ip}`), ADDRESS_LIMIT);
    t.is(await failuresOf(gw, `ip:key:${ip}`), ADDRESS_LIMIT);
    t.deepEqual(
      await everywhere(
        gw,
        'frank',
        (e) => e.rightSecret(frank),
        () => ip,
      ),
      all('locked'),
    );
    t.is(await failuresOf(gw, `password:frank|${ip}`), 0, 'no count of its own for frank there');
    t.deepEqual(await everywhere(gw, 'frank', (e) => e.rightSecret(frank), freshIp), all('ok'));
  },
);

test.serial('an inactive user is refused as wrong everywhere, and that counts', async (t) => {
  const { gw } = t.context;
  const gina = await createUser(gw, 'gina');
  const user = await gw.store.users.findByUserName('gina');
  await gw.store.users.update(user?.id ?? 0, { status: 'Inactive' });
  t.deepEqual(await everywhere(gw, 'gina', (e) => e.rightSecret(gina), freshIp), all('wrong'));
  t.is(await failuresOf(gw, 'user:gina'), ENTRY_POINTS.length);
});

test.serial(
  'an empty or unknown user name: refused as wrong; an empty one counts nothing',
  async (t) => {
    const { gw } = t.context;
    const points = ENTRY_POINTS.filter((x) => x.name !== 'vtiger webservice login');
    for (const e of points)
      t.is(await e.attempt(gw, 'nobody-here', 'some-secret', freshIp()), 'wrong', e.name);
    t.is(await failuresOf(gw, 'user:nobody-here'), points.length);
    const ip = freshIp();
    const dav = ENTRY_POINTS.find((e) => e.name.startsWith('CalDAV'));
    t.is(await dav?.attempt(gw, '', 'some-secret', ip), 'wrong');
    t.is(await failuresOf(gw, `ip:password:${ip}`), 0);
  },
);

test.serial(
  'each entry point keeps the secrets it takes: no local password on REST or 1C, no access key on the console',
  async (t) => {
    const { gw } = t.context;
    const hal = await createUser(gw, 'hal');
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

test.serial(
  'a flood from many addresses slows the user name on every entry point but locks none; an address that logged in recently is not slowed',
  async (t) => {
    t.timeout(60_000);
    const { slow } = t.context;
    const owen = await createUser(slow, 'owen');
    const home = freshIp();
    t.is(await byName('console login').attempt(slow, 'owen', owen.password, home), 'ok');
    t.deepEqual(await everywhere(slow, 'owen', () => 'wrong-secret', freshIp), all('wrong'));
    t.is(await failuresOf(slow, 'user:owen'), ENTRY_POINTS.length);
    for (const e of ENTRY_POINTS) {
      const started = Date.now();
      t.is(await e.attempt(slow, 'owen', e.rightSecret(owen), freshIp()), 'ok', e.name);
      t.true(Date.now() - started >= MAX_DELAY_MS, `${e.name}: a new address waits`);
    }
    for (const e of ENTRY_POINTS) {
      const started = Date.now();
      t.is(await e.attempt(slow, 'owen', e.rightSecret(owen), home), 'ok', e.name);
      t.true(Date.now() - started < MAX_DELAY_MS, `${e.name}: the owner's address does not`);
    }
  },
);
