// The "Contact links" console page, for administrators: the field mapping, add a link with its
// direction (bad input stores nothing), test it, sync now, delete it. Non-admins are refused.
import test from 'ava';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { makeBook, radicale, remote, stopRadicale, vcard } from './fixture.js';

test.after.always(stopRadicale);

const linkCount = async (gw: Awaited<ReturnType<typeof startTestGateway>>) =>
  Number((await gw.store.db.knex('bridge_links').count<{ n: number }[]>({ n: '*' }))[0]?.n);

test('admins add, test, sync and delete contact links in the console', async (t) => {
  t.timeout(60_000);
  const rad = await radicale(t);
  if (!rad) return;
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  try {
    const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const book = await makeBook(rad.url, 'console-book');
    await remote.put(`${book}m.vcf`, vcard('m', ['FN:Mo Console', 'N:Console;Mo;;;']));
    const admin = new ConsoleClient(gw.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const listPage = await admin.get('/console/carddav-links');
    t.is(listPage.status, 200);
    const html = await listPage.text();
    t.regex(html, /Field mapping/);
    t.regex(html, /ADR \(work, home\)/);
    const csrf = ConsoleClient.csrfOf(html);
    const form = { _csrf: csrf, userId: String(jane.id), url: book, username: 'alice' };
    const bad = await admin.post('/console/carddav-links', {
      ...form,
      password: 'secret',
      direction: 'sideways',
    });
    t.is(bad.status, 303);
    t.is(await linkCount(gw), 0, 'bad input stores nothing');
    const added = await admin.post('/console/carddav-links', {
      ...form,
      password: 'secret',
      direction: 'from-remote',
    });
    t.is(added.status, 303);
    const [row] = await gw.store.db.knex('bridge_links').select<{ id: number }[]>('id');
    const tested = await admin.post(`/console/carddav-links/${row?.id}/test`, { _csrf: csrf });
    t.is(tested.status, 200);
    t.regex(await tested.text(), /will be linked/);
    const synced = await admin.post(`/console/carddav-links/${row?.id}/sync`, { _csrf: csrf });
    t.is(synced.status, 303);
    const after = await (await admin.get('/console/carddav-links')).text();
    t.regex(after, /from-remote/);
    t.regex(after, /in \+1 ~0 −0; out \+0 ~0 −0; conflicts 0/);
    t.false(after.includes('value="secret"'), 'the password is never shown back');
    const deleted = await admin.post(`/console/carddav-links/${row?.id}/delete`, { _csrf: csrf });
    t.is(deleted.status, 303);
    t.is(await linkCount(gw), 0);
    const user = new ConsoleClient(gw.url);
    await user.login('jane', 'jane-password-1');
    t.is((await user.get('/console/carddav-links')).status, 403);
  } finally {
    await gw.dispose();
  }
});
