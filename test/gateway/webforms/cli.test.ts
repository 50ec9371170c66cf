// `npm run -s gateway -- webform create ...` against the data directory of a running gateway:
// JSON with the public id, the intake URL and the embed code, and the form takes posts at once.
import test from 'ava';
import { cli } from '../../helpers/process.js';
import { postJson, records, startWebforms } from './fixture.js';

test('webform create prints publicId, url and html; the running gateway takes posts at that url', async (t) => {
  t.timeout(120_000);
  const { gw } = await startWebforms(t);
  const env = {
    GATEWAY_DATA_DIR: gw.dataDir,
    GATEWAY_WEBFORMS_BASE_URL: gw.url,
    GATEWAY_LOG_LEVEL: 'silent',
  };
  const created = await cli(
    [
      'webform',
      'create',
      '--name',
      'Web leads',
      '--module',
      'Leads',
      '--field',
      'lastname:required',
      '--field',
      'email:required',
      '--field',
      'company',
      '--field',
      'leadsource=Web Site',
      '--field',
      'description=Note: a=b',
      '--return-url',
      'https://www.example.com/thanks',
      '--origin',
      'https://www.example.com',
      '--captcha',
    ],
    env,
  );
  t.is(created.code, 0, created.stderr);
  const json = created.json as { publicId: string; url: string; html: string };
  t.regex(json.publicId, /^[A-Za-z0-9_-]{24}$/);
  t.is(json.url, `${gw.url}/webforms/${json.publicId}`);
  t.regex(
    json.html,
    new RegExp(`^<form action="${json.url}" method="post" accept-charset="utf-8"`),
  );
  t.regex(json.html, /<altcha-widget/);
  t.regex(json.html, /<label for="wf-[^"]+-company">Company<\/label>/);
  t.notRegex(json.html, /leadsource|Web Site/, 'override values stay on the server');

  const nocaptcha = await cli(
    [
      'webform',
      'create',
      '--name',
      'Plain',
      '--module',
      'Contacts',
      '--field',
      'lastname:required',
      '--field',
      'email',
      '--assigned-user',
      'admin',
    ],
    env,
  );
  t.is(nocaptcha.code, 0, nocaptcha.stderr);
  const plain = nocaptcha.json as { url: string };
  t.is(
    (await postJson(plain.url, { lastname: 'From CLI form', email: 'cli@example.org' })).status,
    201,
  );
  t.is((await records(gw, 'Contacts'))[0]?.values.lastname, 'From CLI form');

  const list = await cli(['webform', 'list'], env);
  t.deepEqual(
    (list.json as { name: string }[]).map((f) => f.name),
    ['Web leads', 'Plain'],
  );
  const subs = await cli(
    ['webform', 'submissions', '--id', (nocaptcha.json as { publicId: string }).publicId],
    env,
  );
  t.is(subs.code, 0, subs.stderr);
  t.like((subs.json as unknown[])[0], { status: 'done', outcome: 'created' });

  const usage = await cli(
    ['webform', 'create', '--name', 'X', '--module', 'Leads', '--field', 'lastname:optional'],
    env,
  );
  t.is(usage.code, 2);
  const refused = await cli(
    [
      'webform',
      'create',
      '--name',
      'X',
      '--module',
      'Leads',
      '--field',
      'lastname',
      '--return-url',
      'https://x.example/\r\nLocation: https://evil.example/',
    ],
    env,
  );
  t.is(refused.code, 1);
  t.like(refused.json, { error: 'invalid_input' });
});
