// Free/busy of CRM users (README "Exchange bridge"): the busy times of each user's own CRM Events
// merged with those their linked mailbox reports (Graph calendar getSchedule), asked per
// connection in one call. A mailbox that cannot be asked leaves the user's CRM times and a note,
// never an error for the other users. Times are UTC instants; overlapping spans are merged.
import { GatewayError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import { recordEventFields } from '../../sync/providers/exchange/event-fields.js';
import type { ExchangeBridge } from './service.js';

export interface BusySpan {
  readonly startMs: number;
  readonly endMs: number;
}

export interface UserFreeBusy {
  readonly userId: number;
  readonly userName: string;
  readonly busy: readonly BusySpan[];
  /** `linked`: the mailbox was asked; `not linked`; or why it could not be asked. */
  readonly exchange: string;
}

/** The longest window asked in one go (Graph limits getSchedule to 62 days). */
export const MAX_WINDOW_MS = 62 * 86_400_000;

export function mergeSpans(spans: readonly BusySpan[]): BusySpan[] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs);
  const out: BusySpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.startMs <= last.endMs)
      out[out.length - 1] = { startMs: last.startMs, endMs: Math.max(last.endMs, s.endMs) };
    else out.push({ ...s });
  }
  return out;
}

/** The user's own Events in the window, but those a link carries: the mailbox speaks for them (a "free" event stays free). */
async function crmBusy(
  store: Store,
  userId: number,
  startMs: number,
  endMs: number,
  carried: ReadonlySet<number>,
): Promise<BusySpan[]> {
  const actor = await store.users.actor(userId);
  if (!actor) return [];
  const spans: BusySpan[] = [];
  for (const record of await store.records.list(actor, 'Events')) {
    if (record.owner.kind !== 'user' || record.owner.id !== userId || carried.has(record.id))
      continue;
    const f = recordEventFields(record);
    if (f && f.startMs < endMs && f.endMs > startMs)
      spans.push({ startMs: f.startMs, endMs: f.endMs });
  }
  return spans;
}

export async function freeBusy(
  store: Store,
  bridge: ExchangeBridge,
  userIds: readonly number[],
  startMs: number,
  endMs: number,
): Promise<UserFreeBusy[]> {
  if (!(endMs > startMs))
    throw new GatewayError('invalid_input', 'the window must end after it starts');
  if (endMs - startMs > MAX_WINDOW_MS)
    throw new GatewayError('invalid_input', 'the window is at most 62 days');
  const links = await bridge.links.list({ activeOnly: true });
  const remote = new Map<number, { busy: BusySpan[]; note: string }>();
  const byConnection = new Map<number, { userId: number; mailbox: string }[]>();
  for (const userId of userIds) {
    const link = links.find((l) => l.userId === userId);
    if (!link) continue;
    byConnection.set(link.connectionId, [
      ...(byConnection.get(link.connectionId) ?? []),
      { userId, mailbox: link.mailbox },
    ]);
  }
  for (const [connectionId, members] of byConnection) {
    const first = members[0];
    if (!first) continue;
    try {
      const connection = await bridge.connections.mustGet(connectionId);
      const transport = await bridge.sessions.transport(connection, first.mailbox);
      const answers = await transport.schedules(
        members.map((m) => m.mailbox),
        { startMs, endMs },
      );
      for (const m of members) {
        const a = answers.find((x) => x.mailbox.toLowerCase() === m.mailbox);
        remote.set(m.userId, {
          busy: (a?.busy ?? []).map((b) => ({ startMs: b.startMs, endMs: b.endMs })),
          note: a === undefined ? 'mailbox not answered' : (a.error ?? 'linked'),
        });
      }
    } catch (err) {
      for (const m of members)
        remote.set(m.userId, { busy: [], note: err instanceof Error ? err.message : String(err) });
    }
  }
  const out: UserFreeBusy[] = [];
  for (const userId of userIds) {
    const user = await store.users.findById(userId);
    if (!user) throw new GatewayError('not_found', `user ${userId} does not exist`);
    const there = remote.get(userId);
    const link = there ? links.find((l) => l.userId === userId) : undefined;
    const carried = new Set(
      link ? (await bridge.links.items.objects(link.id)).map((o) => o.recordId ?? 0) : [],
    );
    out.push({
      userId,
      userName: user.userName,
      busy: mergeSpans([
        ...(await crmBusy(store, userId, startMs, endMs, carried)),
        ...(there?.busy ?? []),
      ]),
      exchange: there?.note ?? 'not linked',
    });
  }
  return out;
}
