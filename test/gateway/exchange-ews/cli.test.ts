// `exchange-connection create --kind ews …` exactly as README "Exchange bridge" (EWS) spells it:
// {"id":…} out, the password from standard input or a file and sealed in the store (never printed),
// bad input refused in words with nothing stored, list/delete and `exchange-link create` working
// for the new kind.
import test from 'ava';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { EwsSandbox } from '../../../scripts/exchange-sandbox/ews/server.js';
import { cliWithStdin, cliWithUser } from '../../helpers/cli-stdin.js';
import { cli } from '../../helpers/process.js';

test('exchange-connection create --kind ews prints the id and seals the password', async (t) => {
  t.timeout(180_000);
  const { env, dir } = await cliWithUser(t, 'gw-ews-cli-');
  const base = [
    'exchange-connection',
    'create',
    '--kind',
    'ews',
    '--name',
    'onprem',
    '--url',
    'https://mail.example.com/EWS/Exchange.asmx',
    '--username',
    'CONTOSO\\svc-crm',
  ];
  const badAuth = await cli([...base, '--password', 'pw-1', '--auth', 'kerberos'], env);
  t.is(badAuth.code, 1);
  t.like(badAuth.json, { error: 'invalid_input' });
  t.regex(JSON.stringify(badAuth.json), /use ntlm or basic/);
  const noPassword = await cli([...base, '--auth', 'ntlm'], env);
  t.like(noPassword.json, { error: 'invalid_input' });
  const plainBasic = await cli(
    [
      ...base.slice(0, 6),
      '--url',
      'http://mail.example.com/EWS/Exchange.asmx',
      '--username',
      'u',
      '--password',
      'p',
      '--auth',
      'basic',
    ],
    env,
  );
  t.like(plainBasic.json, { error: 'invalid_input' }, 'Basic over plain http is refused');
  t.deepEqual((await cli(['exchange-connection', 'list'], env)).json, [], 'nothing stored');

  const made = await cliWithStdin(
    [...base, '--password', '-', '--auth', 'ntlm', '--impersonation'],
    env,
    'Pa55-word\n',
  );
  t.is(made.code, 0, made.stderr);
  t.deepEqual(made.json, { id: 1 });

  const file = path.join(dir, 'pw');
  writeFileSync(file, 'other-pass\n');
  const second = await cli(
    [
      ...base.slice(0, 5),
      'basic-one',
      ...base.slice(6),
      '--password-file',
      file,
      '--auth',
      'basic',
    ],
    env,
  );
  t.is(second.code, 0, second.stderr);
  t.deepEqual(second.json, { id: 2 });

  const listed = await cli(['exchange-connection', 'list'], env);
  t.like(listed.json, [
    {
      id: 1,
      kind: 'ews',
      name: 'onprem',
      credential: 'password',
      ews: {
        url: 'https://mail.example.com/EWS/Exchange.asmx',
        username: 'CONTOSO\\svc-crm',
        auth: 'ntlm',
        impersonation: true,
      },
    },
    { id: 2, kind: 'ews', ews: { auth: 'basic', impersonation: false } },
  ]);
  t.false(JSON.stringify(listed.json).includes('Pa55-word'));

  const link = await cli(
    [
      'exchange-link',
      'create',
      '--user',
      'jane',
      '--connection',
      '1',
      '--mailbox',
      'jane@example.com',
    ],
    env,
  );
  t.is(link.code, 0, link.stderr);
  t.like(link.json, { id: 1, connectionId: 1, mailbox: 'jane@example.com' });
  const refused = await cli(['exchange-connection', 'delete', '--id', '1'], env);
  t.like(refused.json, { error: 'conflict' });
  t.like((await cli(['exchange-connection', 'delete', '--id', '2'], env)).json, { deleted: true });
  t.is(((await cli(['exchange-connection', 'list'], env)).json as unknown[]).length, 1);

  // Against the EWS double: the connection test names the server, the link test and a sync run.
  const sandbox = new EwsSandbox();
  sandbox.addAccount({
    username: 'CONTOSO\\jane',
    password: 'jane-ews',
    mailbox: 'jane@example.com',
  });
  sandbox.seed('jane@example.com', 'calendar', 'CalendarItem', {
    Subject: 'Planning',
    Start: new Date(Date.now() + 86_400_000).toISOString().slice(0, 19) + 'Z',
    End: new Date(Date.now() + 90_000_000).toISOString().slice(0, 19) + 'Z',
    IsAllDayEvent: 'false',
  });
  const url = await sandbox.start();
  t.teardown(() => sandbox.stop());
  const live = await cliWithStdin(
    [
      'exchange-connection',
      'create',
      '--kind',
      'ews',
      '--name',
      'live',
      '--url',
      url,
      '--username',
      'CONTOSO\\jane',
      '--password',
      '-',
      '--auth',
      'ntlm',
    ],
    env,
    'jane-ews',
  );
  t.deepEqual(live.json, { id: 3 });
  const tested = await cli(['exchange-connection', 'test', '--id', '3'], env);
  t.like(tested.json, { ok: true });
  t.regex((tested.json as { message: string }).message, /Exchange 15\.1/);
  const liveLink = await cli(
    [
      'exchange-link',
      'create',
      '--user',
      'jane',
      '--connection',
      '3',
      '--mailbox',
      'jane@example.com',
    ],
    env,
  );
  t.is(liveLink.code, 0, liveLink.stderr);
  const linkTest = await cli(['exchange-link', 'test', '--id', '2'], env);
  t.like(linkTest.json, { ok: true });
  const synced = await cli(['exchange-link', 'sync', '--id', '2'], env);
  t.like(synced.json, { id: 2, ok: true, pulledCreated: 1 });
});
