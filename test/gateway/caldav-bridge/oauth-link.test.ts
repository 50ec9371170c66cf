// A Google-style OAuth link: the refresh token is exchanged at a local token endpoint
// (RFC 6749 §6), a rotated refresh token replaces the stored one, every CalDAV call carries the
// Bearer access token (RFC 6750), a 401 renews it once, and the secrets are encrypted at rest.
import test from 'ava';
import { eventInput, janeActor, radicale, stopRadicale, world } from './fixture.js';
import { startStubDav } from './stub-dav.js';

test.after.always(stopRadicale);

test('Google-style link: refresh, rotation, Bearer on every CalDAV call, renewal after 401', async (t) => {
  const rad = await radicale(t);
  if (!rad) return;
  const w = await world(rad, 'unused-oauth');
  const stub = await startStubDav({ syncToken: true, bearer: true });
  try {
    await w.ts.store.records.create(
      janeActor(w),
      'Events',
      eventInput('Board meeting', '2039-01-01 09:00:00', '2039-01-01 10:00:00'),
    );
    // Google's CalDAV has no VTODO: a task stays in the CRM.
    await w.ts.store.records.create(janeActor(w), 'Calendar', {
      values: { subject: 'A task', date_start: '2039-01-02' },
    });
    const link = await w.bridge.create({
      userId: w.userId,
      kind: 'google',
      accountEmail: 'jane@example.com',
      clientId: 'client-1',
      clientSecret: 'client-secret-1',
      refreshToken: 'rt-0',
      url: `${stub.url}/dav/`,
      tokenUrl: `${stub.url}/token`,
    });
    t.is(link.kind, 'google');
    t.is(link.scopes, 'https://www.googleapis.com/auth/calendar');
    const first = await w.bridge.syncNow(link.id);
    t.true(first.ok, first.error ?? '');
    t.is(first.counts.pushedCreated, 1);
    t.is(stub.objects.size, 1);
    t.is(stub.tokenRequests.length, 1);
    t.is(stub.tokenRequests[0]?.get('refresh_token'), 'rt-0');
    t.is(stub.tokenRequests[0]?.get('client_id'), 'client-1');
    t.true(stub.auth.length > 2 && stub.auth.every((a) => a === 'Bearer at-1'));
    t.like(await w.bridge.links.secrets(link.id), {
      refreshToken: 'rt-1',
      accessToken: 'at-1',
      clientSecret: 'client-secret-1',
    });

    // The provider revokes the access token: one 401, a refresh with the rotated token, then on.
    stub.validAccess.delete('at-1');
    const second = await w.bridge.syncNow(link.id);
    t.true(second.ok, second.error ?? '');
    t.is(stub.tokenRequests.length, 2);
    t.is(stub.tokenRequests[1]?.get('refresh_token'), 'rt-1');
    t.is(stub.auth[stub.auth.length - 1], 'Bearer at-2');
    t.like(await w.bridge.links.secrets(link.id), { refreshToken: 'rt-2', accessToken: 'at-2' });

    // At rest nothing is readable.
    const row = await w.ts.store.db
      .knex('bridge_links')
      .where({ id: link.id })
      .first<{ secrets: string }>('secrets');
    for (const secret of ['rt-2', 'at-2', 'client-secret-1']) t.false(row.secrets.includes(secret));

    // A spent refresh token is refused by the provider: the link says so.
    const spent = await w.bridge.links.secrets(link.id);
    await w.bridge.links.setSecrets(link.id, { ...spent, refreshToken: 'rt-0' });
    stub.validAccess.clear();
    const third = await w.bridge.syncNow(link.id);
    t.false(third.ok);
    t.regex(third.error ?? '', /invalid_grant/);
    t.regex((await w.bridge.links.mustGet(link.id)).lastError ?? '', /invalid_grant/);
  } finally {
    await stub.close();
    await w.dispose();
  }
});
