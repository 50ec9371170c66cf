// `exchange-connection` and `exchange-link` as an installer scripts them, against the Exchange
// sandbox: JSON out, the client secret from standard input (never printed), bad input refused with
// nothing stored, the link test naming a missing permission, a sync printing its counts, and a
// connection in use not deletable.
import test from 'ava';
import { ExchangeSandbox } from '../../../scripts/exchange-sandbox/server.js';
import { cliWithStdin, cliWithUser } from '../../helpers/cli-stdin.js';
import { cli } from '../../helpers/process.js';

test('exchange-connection and exchange-link commands print JSON and refuse bad input', async (t) => {
  t.timeout(180_000);
  const sandbox = new ExchangeSandbox();
  const app = sandbox.addApp({
    tenantId: 'contoso',
    clientId: 'app-1',
    clientSecret: 'app-s3cret',
  });
  const box = sandbox.addMailbox('adele@contoso.example');
  box.add('event', 'calendar', {
    subject: 'Planning',
    start: {
      dateTime: new Date(Date.now() + 86_400_000).toISOString().slice(0, 19),
      timeZone: 'UTC',
    },
    end: {
      dateTime: new Date(Date.now() + 90_000_000).toISOString().slice(0, 19),
      timeZone: 'UTC',
    },
  });
  const url = await sandbox.start();
  t.teardown(() => sandbox.stop());
  const { env } = await cliWithUser(t, 'gw-exchange-cli-');

  const base = [
    'exchange-connection',
    'create',
    '--name',
    'contoso',
    '--tenant-id',
    'contoso',
    '--client-id',
    'app-1',
    '--graph-url',
    url,
    '--login-url',
    url,
  ];
  const wrongKind = await cli([...base, '--kind', 'ews', '--client-secret', 'x'], env);
  t.is(wrongKind.code, 1);
  t.like(wrongKind.json, { error: 'invalid_input' });
  const noSecret = await cli([...base, '--kind', 'graph'], env);
  t.like(noSecret.json, { error: 'invalid_input' });
  t.deepEqual(
    (await cli(['exchange-connection', 'list'], env)).json,
    [],
    'refused creates store nothing',
  );

  const made = await cliWithStdin(
    [...base, '--kind', 'graph', '--client-secret', '-'],
    env,
    'app-s3cret\n',
  );
  t.is(made.code, 0, made.stderr);
  t.like(made.json, { id: 1, kind: 'graph', name: 'contoso', credential: 'secret', graphUrl: url });
  t.false(JSON.stringify(made.json).includes('s3cret'));

  const signedIn = await cli(['exchange-connection', 'test', '--id', '1'], env);
  t.like(signedIn.json, { ok: true });

  const link = await cli(
    [
      'exchange-link',
      'create',
      '--user',
      'jane',
      '--connection',
      '1',
      '--mailbox',
      'Adele@Contoso.example',
      '--no-tasks',
    ],
    env,
  );
  t.is(link.code, 0, link.stderr);
  t.like(link.json, { id: 1, mailbox: 'adele@contoso.example', tasks: false, contacts: true });
  const badMailbox = await cli(
    ['exchange-link', 'create', '--user', 'jane', '--connection', '1', '--mailbox', 'nobody'],
    env,
  );
  t.like(badMailbox.json, { error: 'invalid_input' });

  app.permissions.delete('Contacts.ReadWrite');
  const tested = await cli(['exchange-link', 'test', '--id', '1'], env);
  t.is(tested.code, 0, tested.stderr);
  t.like(tested.json, { ok: false, missing: ['Contacts.ReadWrite'] });
  t.regex(
    (tested.json as { message: string }).message,
    /lacks the permission\(s\) Contacts\.ReadWrite/,
  );

  const synced = await cli(['exchange-link', 'sync', '--id', '1'], env);
  t.is(synced.code, 0, synced.stderr);
  t.like(synced.json, { id: 1, ok: true, pulledCreated: 1 });
  t.like((await cli(['exchange-link', 'list'], env)).json, [{ id: 1, firstSyncDone: true }]);

  const inUse = await cli(['exchange-connection', 'delete', '--id', '1'], env);
  t.is(inUse.code, 1);
  t.like(inUse.json, { error: 'conflict' });
  t.is((await cli(['exchange-link', 'delete', '--id', '1'], env)).code, 0);
  t.like((await cli(['exchange-connection', 'delete', '--id', '1'], env)).json, {
    id: 1,
    deleted: true,
  });
});
