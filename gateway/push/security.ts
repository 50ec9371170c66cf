// Urgent security notices (gateway/push/README.md §5): a lockout of the user's account is pushed
// to that user with Urgency: high (RFC 8030 §5.3), which no schedule, quiet hours or idle rule
// holds, so the owner learns at once that someone is guessing their password.
import type { UserLock } from '../auth/authenticator.js';
import type { UserRepository } from '../../store/users/user-repository.js';
import type { PushNotifier } from './notifier.js';

const DAY_MS = 86_400_000;

export async function queueLockNotice(
  users: UserRepository,
  notifier: PushNotifier,
  lock: UserLock,
  now: Date,
): Promise<number> {
  const user = await users.findByUserName(lock.userName);
  if (!user) return 0;
  return notifier.notify(user.id, {
    kind: 'security',
    title: 'Your account was locked after failed logins',
    body: `Locked until ${lock.until.slice(0, 16)} UTC${lock.ip ? `; attempts from ${lock.ip}` : ''}.`,
    urgency: 'high',
    expiresAt: new Date(now.getTime() + DAY_MS),
  });
}
