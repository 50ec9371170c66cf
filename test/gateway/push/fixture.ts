// Shared set-up of the Web Push tests: a gateway with a controlled clock for pushes, a test push
// service on loopback (test/helpers/push-service.ts), and REST calls as a user.
import type { HttpClient } from '../../../adapters/http.js';
import { ADMIN_ACCESS_KEY, startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { startTestPushService, type TestPushService } from '../../helpers/push-service.js';

export const SUBJECT = 'mailto:ops@example.org';

export interface PushFixture {
  readonly gw: TestGateway;
  readonly service: TestPushService;
  /** The clock the push jobs read; tests move it. */
  readonly clock: { now: Date };
  call(method: string, path: string, body?: unknown, auth?: string): Promise<Response>;
  dispose(): Promise<void>;
}

export function basic(user: string, key: string): string {
  return `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
}

export const ADMIN_AUTH = basic('admin', ADMIN_ACCESS_KEY);

export async function pushFixture(
  start = new Date('2030-01-07T09:00:00Z'),
  env: Record<string, string> = {},
  http?: HttpClient,
): Promise<PushFixture> {
  const clock = { now: start };
  // Jobs stay off: tests run the sender and the producers themselves, at the clock's times.
  const gw = await startTestGateway(
    { GATEWAY_JOBS_ENABLED: 'false', GATEWAY_LOGIN_MAX_FAILURES: '200', ...env },
    { push: { clock: () => clock.now, ...(http ? { http } : {}) } },
  );
  const service = await startTestPushService(SUBJECT);
  return {
    gw,
    service,
    clock,
    call: (method, path, body, auth = ADMIN_AUTH) =>
      fetch(`${gw.url}${path}`, {
        method,
        headers: {
          authorization: auth,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined
          ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
          : {}),
      }),
    dispose: async () => {
      await service.close();
      await gw.dispose();
    },
  };
}
