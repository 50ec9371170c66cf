// `npm run -s exchange-sandbox -- --port P [--tenant-id T] [--client-id C] [--client-secret S]
// [--mailbox ADDRESS ...]`: the Exchange sandbox (scripts/exchange-sandbox/server.ts) on loopback, for
// trying the Exchange bridge without a Microsoft 365 tenant. It prints one JSON line with its URL and
// the app it accepts; point an Exchange connection's --graph-url and --login-url at that URL.
import { parseArgs } from 'node:util';
import { EwsSandbox } from './exchange-sandbox/ews/server.js';
import { ExchangeSandbox } from './exchange-sandbox/server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'tenant-id': { type: 'string', default: 'sandbox-tenant' },
    'client-id': { type: 'string', default: 'sandbox-client' },
    'client-secret': { type: 'string', default: 'sandbox-secret' },
    mailbox: { type: 'string', multiple: true, default: ['adele@contoso.example'] },
    /** The EWS double instead (scripts/exchange-sandbox/ews/server.ts). */
    ews: { type: 'boolean', default: false },
    username: { type: 'string', default: 'CONTOSO\\svc-crm' },
    password: { type: 'string', default: 'sandbox-password' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('--port: expected a port number\n');
  process.exit(2);
}
if (values.ews) {
  // `--ews`: one service account with the ApplicationImpersonation role over every --mailbox.
  const ews = new EwsSandbox();
  for (const address of values.mailbox) ews.addMailbox(address);
  ews.addAccount({
    username: values.username,
    password: values.password,
    mailbox: values.mailbox[0] ?? 'adele@contoso.example',
    impersonation: true,
  });
  const url = await ews.start(port, values.host);
  process.stdout.write(
    JSON.stringify({ url, username: values.username, mailboxes: values.mailbox }) + '\n',
  );
  const stopEws = (): void => {
    void ews.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stopEws);
  process.on('SIGTERM', stopEws);
} else {
  const sandbox = new ExchangeSandbox();
  sandbox.addApp({
    tenantId: values['tenant-id'],
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
  });
  for (const address of values.mailbox) sandbox.addMailbox(address);
  const url = await sandbox.start(port, values.host);
  process.stdout.write(
    JSON.stringify({
      url,
      tenantId: values['tenant-id'],
      clientId: values['client-id'],
      mailboxes: values.mailbox,
    }) + '\n',
  );
  const stop = (): void => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
