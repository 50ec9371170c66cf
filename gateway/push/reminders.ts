// Event and task reminders as pushes (gateway/push/README.md §5): vtiger's reminder_time is
// minutes before the start; the push expires at the start (its TTL, RFC 8030 §5.2), and its
// topic is the record, so a moved event's newer reminder replaces a queued one.
import { fromStoreTime } from '../../store/db.js';
import type { PushStore } from '../../store/push/push-store.js';
import type { PushNotifier } from './notifier.js';

function startText(startsAt: string): string {
  return `${startsAt.slice(0, 16)} UTC`;
}

/** Queues every reminder now due; returns how many reminders were queued. */
export async function queueReminders(
  push: PushStore,
  notifier: PushNotifier,
  now: Date,
): Promise<number> {
  let queued = 0;
  for (const reminder of await push.reminders.due(now)) {
    if (!(await push.reminders.markSent(reminder.recordId, reminder.startsAt))) continue;
    const users = await notifier.ownerUsers({ kind: reminder.ownerKind, id: reminder.ownerId });
    const what = reminder.module === 'Events' ? 'Event' : 'Task';
    for (const userId of users) {
      await notifier.notify(userId, {
        kind: 'reminder',
        title: `${what}: ${reminder.subject}`,
        body: `Starts ${startText(reminder.startsAt)}`,
        recordId: reminder.recordId,
        expiresAt: new Date(fromStoreTime(reminder.startsAt)),
      });
    }
    queued++;
  }
  return queued;
}
