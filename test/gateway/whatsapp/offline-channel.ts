// A gateway with a WhatsApp channel whose Graph API is unreachable (port 9, discard): for tests of
// what the inbox does with deliveries, which never call out (gateway/whatsapp/README.md §3).
import type { ExecutionContext } from 'ava';
import { startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { configureChannel } from '../../helpers/whatsapp.js';

/** The gateway is stopped when the test ends. */
export async function offlineChannel(t: Pick<ExecutionContext, 'teardown'>): Promise<TestGateway> {
  const gw = await startTestGateway({ GATEWAY_JOBS_ENABLED: 'false' });
  t.teardown(() => gw.dispose());
  await configureChannel(gw.whatsapp, 'http://127.0.0.1:9');
  return gw;
}
