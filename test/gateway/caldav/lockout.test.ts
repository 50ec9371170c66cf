// Basic auth goes through the shared authenticator (README.md "Login lockout"), so repeated wrong
// passwords lock the address out of CalDAV passwords for that user as of every other entry point;
// the access key, counted apart, still gets in.
import test from 'ava';
import { startDav } from './dav-fixture.js';

test('five wrong passwords lock the address for passwords; the right one is then refused too, the access key is not', async (t) => {
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
    // Passwords and access keys are counted apart: guessed passwords do not lock the key out.
    const rep1 = await dav.gw.store.users.findByUserName('rep1');
    const byKey = await dav.req(
      'PROPFIND',
      '/dav/calendars/rep1/',
      '',
      basic(rep1?.accessKey ?? ''),
    );
    t.is(byKey.status, 207);
  } finally {
    await dav.gw.dispose();
  }
});
