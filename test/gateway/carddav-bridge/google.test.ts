// A Google-style link against a local double (google-double.ts): the refresh token buys a Bearer
// access token (rotated refresh token stored), CRM contacts are created by POST as vCard 3.0, an
// edit goes by PUT with If-Match, and remote cards come in.
import test from 'ava';
import { CarddavBridge } from '../../../gateway/carddav-bridge/service.js';
import { sqliteStore } from '../../helpers/store.js';
import { bridgeConfig } from '../caldav-bridge/fixture.js';
import { BOOK_PATH, startGoogleDouble } from './google-double.js';
import { vcard } from './fixture.js';

test('a Google link refreshes its token, creates by POST in vCard 3.0 and pulls cards', async (t) => {
  const google = await startGoogleDouble();
  const ts = await sqliteStore();
  try {
    const jane = await ts.store.users.create({ userName: 'jane', password: 'jane-password-1' });
    const actor = { userId: jane.id, isAdmin: false, groupIds: [] };
    const crm = await ts.store.records.create(actor, 'Contacts', {
      values: { firstname: 'Ola', lastname: 'Crm', email: 'ola@x.test' },
    });
    google.cards.set(`${BOOK_PATH}remote1`, {
      vcard: vcard('g1', ['FN:Pia Google', 'N:Google;Pia;;;', 'EMAIL:pia@x.test']),
      etag: '"r1"',
    });
    const bridge = new CarddavBridge(ts.store, bridgeConfig(ts.dir ?? '.'));
    const link = await bridge.create({
      userId: jane.id,
      kind: 'google',
      accountEmail: 'jane@x.test',
      url: google.book,
      tokenUrl: google.tokenUrl,
      clientId: 'client-1',
      clientSecret: 'client-secret-1',
      refreshToken: 'rt-0',
    });
    const first = await bridge.syncNow(link.id);
    t.true(first.ok, first.error ?? '');
    t.is(first.counts.pulledCreated, 1);
    t.is(first.counts.pushedCreated, 1);
    t.true(google.seen.includes(`POST ${BOOK_PATH}`), 'created by POST');
    t.false(
      google.seen.some((s) => s.startsWith('PUT')),
      'no PUT to a new href',
    );
    const posted = [...google.cards.values()].find((c) => c.vcard.includes('ola@x.test'));
    t.regex(posted?.vcard ?? '', /^VERSION:3\.0\r?$/m);
    t.is((await bridge.links.secrets(link.id)).refreshToken, 'rt-1', 'the rotated token is kept');
    await ts.store.records.update(
      actor,
      'Contacts',
      crm.id,
      { values: { title: 'Boss' } },
      'revise',
    );
    const second = await bridge.syncNow(link.id);
    t.true(second.ok, second.error ?? '');
    t.is(second.counts.pushedUpdated, 1);
    t.true(google.seen.some((s) => s.startsWith('PUT')));
    t.regex([...google.cards.values()].map((c) => c.vcard).join(''), /TITLE:Boss/);
  } finally {
    await google.close();
    await ts.dispose();
  }
});
