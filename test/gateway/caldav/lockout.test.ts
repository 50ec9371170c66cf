// Basic auth goes through the shared authenticator, so repeated wrong passwords lock the user
// (and the address) out of CalDAV as of every other entry point.
import test from 'ava';
import { startDav } from './dav-fixture.js';

test('five wrong passwords lock the account; the right one is then refused too', async (t) => {
  const dav = await startDav();
  try {
    await dav.gw.store.users.create({
      userName: 'rep1',
      password: 'right-password-1',
      lastName: 'Rep',
    });
    const basic = (pw: string): Record<string, string> => ({
      authorization: 'Basic ' + Buffer.from(`rep1:${pw}`).toString('base64'),
      depth: '0',
    });
    t.is(
      (await dav.req('PROPFIND', '/dav/calendars/rep1/', '', basic('right-password-1'))).status,
      207,
    );
    for (let i = 0; i < 5; i++)
      t.is((await dav.req('PROPFIND', '/dav/', '', basic('wrong'))).status, 401);
    const locked = await dav.req('PROPFIND', '/dav/calendars/rep1/', '', basic('right-password-1'));
    t.is(locked.status, 401);
    t.regex(locked.text, /Too many failed logins/);
    // The access key is no way around the lock.
    const rep1 = await dav.gw.store.users.findByUserName('rep1');
    const byKey = await dav.req(
      'PROPFIND',
      '/dav/calendars/rep1/',
      '',
      basic(rep1?.accessKey ?? ''),
    );
    t.is(byKey.status, 401);
    t.regex(byKey.text, /Too many failed logins/);
  } finally {
    await dav.gw.dispose();
  }
});
