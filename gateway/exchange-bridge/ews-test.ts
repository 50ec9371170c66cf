// `exchange-connection test` for an `ews` connection: signs in (NTLM or Basic) and reads the
// account's own calendar folder, then checks the server's version (ServerVersionInfo): Exchange
// 2013 SP1 or later, as every request pins RequestServerVersion Exchange2013_SP1.
import type { ExchangeConnection } from '../../store/exchange/connection-repository.js';
import type { EwsClients } from '../../sync/providers/exchange/ews-clients.js';
import type { ConnectionTestReport } from './service.js';

export async function testEwsConnection(
  clients: EwsClients,
  connection: ExchangeConnection,
): Promise<ConnectionTestReport> {
  const ews = connection.ews;
  if (!ews) return { ok: false, message: 'not an EWS connection' };
  const client = await clients.client(connection);
  const transport = await clients.transport(
    { ...connection, ews: { ...ews, impersonation: false } },
    '',
  );
  const report = await transport.probe();
  const first = report.steps[0];
  const version = client.serverVersion;
  if (!first?.ok)
    return { ok: false, message: `Sign-in failed: ${first?.detail ?? 'unknown error'}` };
  return {
    ok: true,
    message: `Signed in to ${new URL(ews.url).host} as ${ews.username}${version ? ` (Exchange ${version.major}.${version.minor}, build ${version.build})` : ''}.`,
  };
}
