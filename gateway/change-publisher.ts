// Publishes committed change-log rows every second on PostgreSQL (store/change-log.ts): readers
// publish before they read anyway, so this only bounds how long a change waits when nobody
// reads (its changed_at is never earlier than the newest published one), and keeps
// change_log_pending small. SQLite writes change_log directly and needs nothing.
import type { Store } from '../store/store.js';

export interface ChangePublisher {
  stop(): Promise<void>;
}

export function startChangePublisher(
  store: Store,
  onError: (err: unknown) => void,
  everyMs = 1000,
): ChangePublisher {
  if (store.db.kind !== 'pg') return { stop: () => Promise.resolve() };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => store.changeLog.publish().then(() => undefined, onError));
  }, everyMs);
  // The server and its shutdown decide the process lifetime, not this timer.
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
