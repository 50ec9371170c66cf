// The hook service over a test store as the gateway builds it, without sealing or PostgreSQL
// notifications, calling out to loopback only (gateway/hooks/README.md §2).
import { HookService } from '../../../gateway/hooks/service.js';
import type { TestStore } from '../../helpers/store.js';

export function loopbackHooks(ts: TestStore, outboundTimeoutMs: number): HookService {
  return new HookService(ts.store, {
    secretKey: null,
    databaseUrl: null,
    dataDir: ts.dir ?? '',
    outboundAllowHosts: ['127.0.0.1'],
    outboundTimeoutMs,
  });
}
