// The event a group calendar test reads: one hour on 2026-04-01, owned by the group, so that it
// shows in the group's calendar (gateway/caldav/README.md) and not in a user's.
import type { Store } from '../../../store/store.js';
import type { Actor } from '../../../store/types.js';

export async function teamMeeting(store: Store, admin: Actor, groupId: number): Promise<number> {
  const rec = await store.records.create(admin, 'Events', {
    values: {
      subject: 'Team meeting',
      date_start: '2026-04-01',
      time_start: '09:00:00',
      due_date: '2026-04-01',
      time_end: '10:00:00',
    },
    owner: { kind: 'group', id: groupId },
  });
  return rec.id;
}
