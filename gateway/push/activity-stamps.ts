// The "idle" rule's activity stamps (gateway/push/README.md §4): every successful Basic login
// (REST, CalDAV, CardDAV, 1C, the console) and every verified Bearer token marks the user active.
// Console and vtiger sessions stamp themselves already (store/push/activity.ts). A failed stamp
// never fails the request it rides on.
import type { AccessTokenVerifier } from '../auth/access-token-verifier.js';
import type { PushService } from './service.js';

export function stampActivity(push: PushService, userId: number): void {
  push.push.activity.touch(userId, push.clock()).catch(() => undefined);
}

export function stampingVerifier(
  inner: AccessTokenVerifier,
  push: PushService,
): AccessTokenVerifier {
  return {
    verify: async (token) => {
      const grant = await inner.verify(token);
      if (grant) stampActivity(push, grant.user.id);
      return grant;
    },
  };
}
