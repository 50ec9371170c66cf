// WhatsApp conversations as a Web Push kind (gateway/push/README.md §5): a customer's message
// notifies the owner of the ticket it lands on (a group's members), or of the conversation when
// the channel opens no tickets. The customer wrote it, so no user is left out as its author. The
// topic is the ticket: a newer message replaces a push still queued (RFC 8030 §5.4). The cursor
// moves only after a batch is queued, so a crash repeats a batch rather than losing one.
import type { PushStore } from '../../store/push/push-store.js';
import type { PushNotifier } from './notifier.js';

const BATCH = 500;
const DAY_MS = 86_400_000;
const MAX_TEXT = 200;

/** Queues the pushes for the messages since the cursor; returns how many were read. */
export async function queueWhatsAppPushes(
  push: PushStore,
  notifier: PushNotifier,
  now: Date,
): Promise<number> {
  const arrivals = await push.whatsapp.next(BATCH);
  for (const a of arrivals) {
    const text = a.text ?? `[${a.type}]`;
    for (const userId of await notifier.ownerUsers(a.owner))
      await notifier.notify(userId, {
        kind: 'whatsapp',
        title: `WhatsApp: ${a.recordLabel}`,
        body: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text,
        recordId: a.recordId,
        expiresAt: new Date(now.getTime() + DAY_MS),
      });
  }
  const last = arrivals.at(-1);
  if (last) await push.whatsapp.advance(last.messageId);
  return arrivals.length;
}
