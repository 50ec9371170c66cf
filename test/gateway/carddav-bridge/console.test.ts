// The "Contact links" console page, for administrators: the field mapping, add a link with its
// direction (bad input stores nothing), test it, sync now, delete it; a Google link for a group,
// authorised through a local double of Google's OAuth endpoints. Non-admins are refused.
import test from 'ava';
import { ConsoleClient } from '../../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { makeBook, radicale, remote, stopRadicale, vcard } from './fixture.js';
import { BOOK_PATH, startGoogleDouble } from './google-double.js';

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

test('a Google link for a group is added and authorised from the console, then syncs', async (t) => {
  t.timeout(60_000);
  const google = await startGoogleDouble();
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  try {
    const jane = await gw.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const sales = await gw.store.groups.create('Sales');
    const actor = { userId: jane.id, isAdmin: true, groupIds: [] };
    await gw.store.records.create(actor, 'Contacts', {
      values: { firstname: 'Gia', lastname: 'Group', email: 'gia@x.test' },
      owner: { kind: 'group', id: sales.id },
    });
    await gw.store.records.create(actor, 'Contacts', {
      values: { firstname: 'Own', lastname: 'Jane', email: 'own@x.test' },
    });
    const admin = new ConsoleClient(gw.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const html = await (await admin.get('/console/carddav-links')).text();
    t.regex(html, /the contacts of group Sales/);
    t.regex(html, /Google Contacts/);
    const csrf = ConsoleClient.csrfOf(html);
    const form = {
      _csrf: csrf,
      userId: String(jane.id),
      kind: 'google',
      accountEmail: 'jane@x.test',
      url: google.book,
      authUrl: google.authUrl,
      tokenUrl: google.tokenUrl,
      clientId: 'client-1',
      clientSecret: 'client-secret-1',
      direction: 'to-remote',
    };
    await admin.post('/console/carddav-links', { ...form, groupId: '999' });
    t.is(await linkCount(gw), 0, 'an unknown group stores nothing');
    const added = await admin.post('/console/carddav-links', {
      ...form,
      groupId: String(sales.id),
    });
    t.is(added.status, 303);
    const [row] = await gw.store.db.knex('bridge_links').select<{ id: number }[]>('id');
    const id = row?.id ?? 0;
    const listed = await (await admin.get('/console/carddav-links')).text();
    t.regex(listed, /Google \(jane@x\.test\)/);
    t.regex(listed, /of group Sales/);
    t.regex(listed, /to-remote <span class="muted">\(CRM → address book\)/);
    t.regex(listed, /Authorise it with Google/);
    t.false(listed.includes('client-secret-1'), 'the client secret is never shown back');

    const start = await admin.post(`/console/carddav-links/${id}/authorize`, { _csrf: csrf });
    t.is(start.status, 303);
    const to = new URL(start.headers.get('location') ?? '');
    t.is(to.origin + to.pathname, google.authUrl);
    t.like(Object.fromEntries(to.searchParams), {
      response_type: 'code',
      client_id: 'client-1',
      scope: 'https://www.googleapis.com/auth/carddav',
      access_type: 'offline',
      login_hint: 'jane@x.test',
    });
    const approved = await fetch(to, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location') ?? '');
    t.is(back.pathname, '/console/carddav-links/oauth/callback');
    // Another admin session cannot use this answer; nor can the calendar links' callback.
    const other = new ConsoleClient(gw.url);
    await other.login('admin', ADMIN_PASSWORD);
    await other.get(back.pathname + back.search);
    await admin.get('/console/caldav-links/oauth/callback' + back.search);
    t.deepEqual(google.grants, [], 'a foreign session or bridge does not exchange the code');
    const done = await admin.get(back.pathname + back.search);
    t.is(done.status, 303);
    t.deepEqual(google.grants, ['authorization_code']);
    t.regex(await (await admin.get('/console/carddav-links')).text(), /is authorised/);

    const synced = await admin.post(`/console/carddav-links/${id}/sync`, { _csrf: csrf });
    t.is(synced.status, 303);
    const cards = [...google.cards.values()].map((c) => c.vcard).join('');
    t.regex(cards, /gia@x\.test/, "the group's contact went out");
    t.notRegex(cards, /own@x\.test/, "the user's own contact did not");
    t.true(google.seen.includes(`POST ${BOOK_PATH}`));
  } finally {
    await gw.dispose();
    await google.close();
  }
});
