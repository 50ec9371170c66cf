// Pushes fed by the change log (gateway/push/README.md §5): a record assigned to a user (created
// for them, or its owner changed, by someone else), a new ticket, and a reply (a comment) on a
// ticket. Nobody is told about their own change. The cursor moves only after a batch is queued,
// so a crash repeats a batch rather than losing one; Topic replacement absorbs the repeat.
import { findModule } from '../../store/modules/registry.js';
import type { PushStore } from '../../store/push/push-store.js';
import type { Change, Owner } from '../../store/types.js';
import type { Notice, PushNotifier } from './notifier.js';

const BATCH = 500;
const DAY_MS = 86_400_000;

function sameOwner(a: Owner | null, b: Owner | null): boolean {
  return a !== null && b !== null && a.kind === b.kind && a.id === b.id;
}

async function tell(
  notifier: PushNotifier,
  owner: Owner,
  actor: number | null,
  notice: Notice,
): Promise<void> {
  for (const userId of await notifier.ownerUsers(owner))
    if (userId !== actor) await notifier.notify(userId, notice);
}

/**
 * A change whose author owns the record can only be an assignment to its author, and nobody is
 * told about their own change: it is passed over without a read. Replies and new tickets go to
 * someone else's record and are always looked at. A 1C import of 100,000 products by their owner
 * otherwise cost a read per change on the store's one SQLite connection, beside the import
 * (npm run bench:commerceml, test/gateway/push/producers.test.ts).
 */
function toldNobody(change: Change): boolean {
  if (change.module === 'ModComments') return false;
  if (change.module === 'HelpDesk' && change.operation === 'create') return false;
  return (
    change.owner === null || (change.owner.kind === 'user' && change.owner.id === change.userId)
  );
}

async function one(
  push: PushStore,
  notifier: PushNotifier,
  change: Change,
  now: Date,
): Promise<void> {
  if (change.operation !== 'create' && change.operation !== 'update') return;
  if (toldNobody(change)) return;
  const facts = await push.changes.facts(change.recordId, change.module);
  if (!facts) return;
  const expiresAt = new Date(now.getTime() + DAY_MS);
  if (change.module === 'ModComments') {
    if (change.operation !== 'create' || facts.commentOn?.module !== 'HelpDesk') return;
    // A customer's WhatsApp message is pushed as kind `whatsapp` (./whatsapp.ts), not as a reply.
    if (await push.whatsapp.isMessageComment(change.recordId)) return;
    const ticket = await push.changes.facts(facts.commentOn.id, 'HelpDesk');
    if (!ticket) return;
    await tell(notifier, ticket.owner, change.userId, {
      kind: 'ticket',
      title: `Reply on ticket: ${ticket.label}`,
      body: facts.label,
      recordId: facts.commentOn.id,
      expiresAt,
    });
    return;
  }
  if (change.module === 'HelpDesk' && change.operation === 'create') {
    await tell(notifier, facts.owner, change.userId, {
      kind: 'ticket',
      title: `New ticket: ${facts.label}`,
      body: '',
      recordId: change.recordId,
      expiresAt,
    });
    return;
  }
  const before = change.operation === 'update' ? await push.changes.ownerBefore(change) : null;
  if (
    change.owner === null ||
    (change.operation === 'update' && (before === null || sameOwner(before, change.owner)))
  )
    return;
  const singular = findModule(change.module)?.singular ?? change.module;
  await tell(notifier, change.owner, change.userId, {
    kind: 'assigned',
    title: `${singular} assigned to you`,
    body: facts.label,
    recordId: change.recordId,
    expiresAt,
  });
}

/** Queues the pushes for the changes since the cursor; returns how many changes were read. */
export async function queueChangePushes(
  push: PushStore,
  notifier: PushNotifier,
  now: Date,
): Promise<number> {
  const changes = await push.changes.next(BATCH);
  for (const change of changes) await one(push, notifier, change, now);
  const last = changes.at(-1);
  if (last) await push.changes.advance(last.seq);
  return changes.length;
}
