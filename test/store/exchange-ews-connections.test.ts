// An `ews` Exchange connection in the store (migration 0029-exchange-ews), on SQLite and
// PostgreSQL: URL, user name, authentication and impersonation kept, the password sealed and bound
// to the connection, a Graph connection beside it unchanged.
import { ExchangeConnectionRepository } from '../../store/exchange/connection-repository.js';
import { SecretBox } from '../../store/secrets.js';
import { storeTest } from '../helpers/databases.js';

storeTest('an ews connection keeps its account and seals its password', async (t, ts) => {
  const connections = new ExchangeConnectionRepository(
    ts.store.db.knex,
    new SecretBox(Buffer.alloc(32, 4)),
  );
  const ews = await connections.create({
    kind: 'ews',
    name: 'onprem',
    tenantId: '',
    clientId: '',
    graphUrl: '',
    loginUrl: '',
    ews: {
      url: 'https://mail.example.com/EWS/Exchange.asmx',
      username: 'CONTOSO\\svc',
      auth: 'ntlm',
      impersonation: true,
    },
    secrets: { password: 'Pa55-word' },
  });
  const graph = await connections.create({
    kind: 'graph',
    name: 'cloud',
    tenantId: 't',
    clientId: 'c',
    graphUrl: 'https://graph.microsoft.com',
    loginUrl: 'https://login.microsoftonline.com',
    secrets: { clientSecret: 'x' },
  });
  t.like(await connections.mustGet(ews.id), {
    kind: 'ews',
    credential: 'password',
    ews: {
      url: 'https://mail.example.com/EWS/Exchange.asmx',
      username: 'CONTOSO\\svc',
      auth: 'ntlm',
      impersonation: true,
    },
  });
  t.like(await connections.mustGet(graph.id), { kind: 'graph', credential: 'secret', ews: null });
  const raw = await ts.store.db
    .knex('exchange_connections')
    .where({ id: ews.id })
    .first<{ secrets: string }>('secrets');
  t.false(raw.secrets.includes('Pa55-word'));
  t.deepEqual(await connections.secrets(ews.id), { password: 'Pa55-word' });
});
