// Exchange connections and links in the store (migration 0019-exchange-bridge), on SQLite and
// PostgreSQL: the client secret sealed and bound to its connection, names unique, a connection in
// use by a link not removable, links keeping mailbox, switches and their delta link.
import test from 'ava';
import { ExchangeConnectionRepository } from '../../store/exchange/connection-repository.js';
import { ExchangeLinkRepository } from '../../store/exchange/link-repository.js';
import { SecretBox } from '../../store/secrets.js';
import { storeTest } from '../helpers/databases.js';

const KEY = Buffer.alloc(32, 9);

storeTest('connections seal their secret; links keep mailbox and switches', async (t, ts) => {
  const { store, admin } = ts;
  const box = new SecretBox(KEY);
  const connections = new ExchangeConnectionRepository(store.db.knex, box);
  const links = new ExchangeLinkRepository(store.db.knex, box);
  const made = await connections.create({
    kind: 'graph',
    name: 'contoso',
    tenantId: 'tenant-1',
    clientId: 'client-1',
    graphUrl: 'https://graph.microsoft.com',
    loginUrl: 'https://login.microsoftonline.com',
    secrets: { clientSecret: 's3cret-value' },
  });
  t.like(made, { kind: 'graph', name: 'contoso', credential: 'secret', tenantId: 'tenant-1' });
  const raw = await store.db
    .knex('exchange_connections')
    .where({ id: made.id })
    .first<{ secrets: string }>('secrets');
  t.false(raw.secrets.includes('s3cret-value'));
  t.deepEqual(await connections.secrets(made.id), { clientSecret: 's3cret-value' });
  await t.throwsAsync(
    connections.create({
      kind: 'graph',
      name: 'contoso',
      tenantId: 't',
      clientId: 'c',
      graphUrl: 'https://graph.microsoft.com',
      loginUrl: 'https://login.microsoftonline.com',
      secrets: { certificatePem: 'PEM' },
    }),
    { message: /named contoso exists/ },
  );
  t.is((await connections.list()).length, 1, 'a refused create leaves nothing');

  const link = await links.create({
    userId: admin.userId,
    connectionId: made.id,
    kind: 'graph',
    mailbox: 'adele@contoso.example',
    tasks: false,
    contacts: true,
  });
  t.like(link, {
    connectionId: made.id,
    mailbox: 'adele@contoso.example',
    tasks: false,
    contacts: true,
    deltaLink: null,
    firstSyncDone: false,
  });
  await links.generic.progress(link.id, { cursor: 'https://graph/delta?$deltatoken=x' });
  t.is((await links.mustGet(link.id)).deltaLink, 'https://graph/delta?$deltatoken=x');
  t.deepEqual(
    (await links.onConnection(made.id)).map((l) => l.id),
    [link.id],
  );
  await t.throwsAsync(connections.remove(made.id, [link.id]), { message: /used by link/ });
  t.truthy(await connections.get(made.id));
  await links.remove(link.id);
  await connections.remove(made.id, []);
  t.is(await connections.get(made.id), null);
});

test('a sealed connection secret does not open under another key', async (t) => {
  const a = new SecretBox(Buffer.alloc(32, 1));
  const b = new SecretBox(Buffer.alloc(32, 2));
  const sealed = a.seal('x', 'exchange-connection:1');
  t.throws(() => b.open(sealed, 'exchange-connection:1'), { message: /cannot decrypt/ });
});
