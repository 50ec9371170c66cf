// A PUT writes the record, its stored object and the sync link of its href name in one
// transaction (store/caldav/calendar-writer.ts): a failure after the record was written leaves
// nothing behind (no record, no object, no change a device could sync as `crm-<id>.ics`), and
// once the failure is gone the same PUT lands whole.
import test from 'ava';
import { EVENTS, ICS, startDav, syncBody, tokenOf, vevent, type Dav } from './dav-fixture.js';

let dav: Dav;
test.before(async () => {
  dav = await startDav();
});
test.after.always(async () => {
  await dav?.gw.dispose();
});

test('a PUT failing after the record write leaves nothing; retried, record, object and link land together', async (t) => {
  const knex = dav.gw.store.db.knex;
  t.is(dav.gw.store.db.kind, 'sqlite');
  const token = tokenOf((await dav.req('REPORT', EVENTS, syncBody(''), { depth: '1' })).text);
  const seq = await dav.gw.store.changeLog.latestSeq();
  // The link is the last of the three writes: make it fail.
  await knex.raw(
    `CREATE TRIGGER fail_link BEFORE INSERT ON sync_links WHEN NEW.remote_id = 'boom.ics'
     BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  );
  const body = vevent('boom@test');
  const failed = await dav.req('PUT', `${EVENTS}boom.ics`, body, ICS);
  t.true(failed.status >= 500, `status ${failed.status}`);
  t.is(await dav.gw.store.changeLog.latestSeq(), seq, 'no change was logged');
  t.is((await knex('caldav_objects').where({ uid: 'boom@test' })).length, 0, 'no object');
  t.is(
    (await knex('crm_entities').where({ module: 'Events', label: 'Test event' })).length,
    0,
    'no record',
  );
  const sync = await dav.req('REPORT', EVENTS, syncBody(token), { depth: '1' });
  t.notRegex(sync.text, /\.ics</, 'a device syncing sees no member');

  await knex.raw('DROP TRIGGER fail_link');
  const put = await dav.req('PUT', `${EVENTS}boom.ics`, body, ICS);
  t.is(put.status, 201);
  const object = await knex('caldav_objects')
    .where({ uid: 'boom@test' })
    .first<{ record_id: number }>();
  t.truthy(object);
  const link = await knex('sync_links')
    .where({ remote_id: 'boom.ics' })
    .first<{ record_id: number; remote_etag: string }>();
  t.is(Number(link?.record_id), Number(object?.record_id));
  t.is(link?.remote_etag ?? '', put.headers.get('etag') ?? 'no etag');
  const after = await dav.req('REPORT', EVENTS, syncBody(token), { depth: '1' });
  t.regex(after.text, /boom\.ics</, 'the member appears under its own name only');
  t.notRegex(after.text, /crm-\d+\.ics</);
});
