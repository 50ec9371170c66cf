// Failing exchanges and jobs, pushed to every active admin (gateway/push/README.md §5).
import type { PushStore } from '../../store/push/push-store.js';
import type { PushNotifier } from './notifier.js';

const DAY_MS = 86_400_000;

export async function queueFailurePushes(
  push: PushStore,
  notifier: PushNotifier,
  now: Date,
): Promise<number> {
  const failures = await push.failures.next();
  for (const failure of failures)
    await notifier.notifyAdmins({
      kind: 'failure',
      title: failure.what,
      body: failure.error,
      url: failure.url,
      expiresAt: new Date(now.getTime() + DAY_MS),
    });
  return failures.length;
}
