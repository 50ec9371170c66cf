// UIDs are unique per calendar collection (RFC 4791 §5.3.2.1 CALDAV:no-uid-conflict;
// gateway/caldav/README.md §1.4): two users keep the same invitation in their own calendars, one
// collection still refuses a UID twice, and another user's UIDs can be neither reserved nor probed.
import test, { type ExecutionContext } from 'ava';
import { freshPgDatabase } from '../../helpers/pg-database.js';
import { requirePeer } from '../../helpers/peers.js';
import { EVENTS, ICS, startDav, vevent, type Dav } from './dav-fixture.js';
import { caldavProp, errorOf } from '../../helpers/multistatus.js';

let dav: Dav;
const BOB = '/dav/calendars/bob/events/';
const bob = {
  authorization: 'Basic ' + Buffer.from('bob:bob-password-1').toString('base64'),
};

async function addBob(on: Dav): Promise<void> {
  await on.gw.store.users.create({ userName: 'bob', password: 'bob-password-1', lastName: 'Bob' });
}

test.before(async () => {
  dav = await startDav();
  await addBob(dav);
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

async function objectRows(): Promise<number> {
  const rows = await dav.gw.store.db.knex('caldav_objects').count<{ n: number }[]>({ n: '*' });
  return Number(rows[0]?.n ?? -1);
}

test.serial(
  'two users PUT the same UID in their own calendars: both 201, each sees their own',
  async (t) => {
    const uid = 'invitation-1@example.com';
    const mine = vevent(uid, 'DESCRIPTION:admin copy');
    const theirs = vevent(uid, 'DESCRIPTION:bob copy');
    t.is((await dav.req('PUT', `${EVENTS}inv.ics`, mine, ICS)).status, 201);
    t.is((await dav.req('PUT', `${BOB}inv.ics`, theirs, { ...ICS, ...bob })).status, 201);
    t.is((await dav.req('GET', `${EVENTS}inv.ics`)).text, mine);
    t.is((await dav.req('GET', `${BOB}inv.ics`, undefined, bob)).text, theirs);
    // Each copy is updated on its own, and a re-PUT is no conflict with the other user's copy.
    const changed = vevent(uid, 'DESCRIPTION:bob copy, changed');
    t.is((await dav.req('PUT', `${BOB}inv.ics`, changed, { ...ICS, ...bob })).status, 204);
    t.is((await dav.req('GET', `${EVENTS}inv.ics`)).text, mine);
  },
);

test.serial(
  'the same UID twice in one collection under another name is still no-uid-conflict',
  async (t) => {
    const uid = 'twice@example.com';
    t.is((await dav.req('PUT', `${BOB}first.ics`, vevent(uid), { ...ICS, ...bob })).status, 201);
    const before = await objectRows();
    const r = await dav.req('PUT', `${BOB}second.ics`, vevent(uid), { ...ICS, ...bob });
    t.is(r.status, 403);
    t.is(errorOf(r.text), caldavProp('no-uid-conflict'));
    t.is(await objectRows(), before);
  },
);

test.serial("another user's UID answers exactly like a fresh one", async (t) => {
  t.is(
    (await dav.req('PUT', `${EVENTS}secret.ics`, vevent('secret@example.com'), ICS)).status,
    201,
  );
  const taken = await dav.req('PUT', `${BOB}probe-a.ics`, vevent('secret@example.com'), {
    ...ICS,
    ...bob,
  });
  const fresh = await dav.req('PUT', `${BOB}probe-b.ics`, vevent('fresh@example.com'), {
    ...ICS,
    ...bob,
  });
  t.is(taken.status, 201);
  t.is(fresh.status, 201);
  t.is(taken.text, fresh.text);
  t.notRegex(taken.text, /admin|secret\.ics/);
});

/** Eight PUTs of one UID under eight names at once: exactly one is stored. */
async function race(t: ExecutionContext, on: Dav): Promise<void> {
  const uid = 'race@example.com';
  const count = async (): Promise<number> =>
    Number(
      (await on.gw.store.db.knex('caldav_objects').count<{ n: number }[]>({ n: '*' }))[0]?.n ?? -1,
    );
  const before = await count();
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      on.req('PUT', `${BOB}race-${i}.ics`, vevent(uid), { ...ICS, ...bob }),
    ),
  );
  t.deepEqual(answers.map((r) => r.status).sort(), [201, 403, 403, 403, 403, 403, 403, 403]);
  for (const r of answers.filter((a) => a.status === 403))
    t.is(errorOf(r.text), caldavProp('no-uid-conflict'));
  t.is(await count(), before + 1);
}

test.serial('concurrent PUTs of one UID under different names: one is created [sqlite]', (t) =>
  race(t, dav),
);

test.serial(
  'concurrent PUTs of one UID under different names: one is created [postgres]',
  async (t) => {
    const pg = await freshPgDatabase();
    if (!requirePeer('postgresql', pg !== null, t) || !pg) return;
    const onPg = await startDav({
      GATEWAY_DATABASE_URL: pg.url,
      GATEWAY_SECRET_KEY: 'ab'.repeat(32),
    });
    try {
      await addBob(onPg);
      await race(t, onPg);
    } finally {
      await onPg.gw.dispose();
      await pg.drop();
    }
  },
);
