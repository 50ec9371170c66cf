// python3-caldav (Debian), an independent client, against the running gateway: discovery, PUT,
// time-range search with expansion of a recurring event, sync by token, If-Match edit, delete, a
// read-only group calendar and PROPPATCH of the display name.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import test from 'ava';
import { ADMIN_PASSWORD, startTestGateway } from '../../helpers/gateway.js';
import { requirePeer } from '../../helpers/peers.js';
import { teamMeeting } from './team-meeting.js';
import { hasCaldav, PYTHON, SCRIPT } from './python-caldav.js';

test('python3-caldav discovers, creates, searches with expansion, syncs, deletes, reads a group calendar and renames one', async (t) => {
  if (!requirePeer('python3-caldav', await hasCaldav(), t)) return;
  const gw = await startTestGateway();
  try {
    const group = await gw.store.groups.create('Sales');
    await gw.store.groups.addMember(group.id, 1);
    const admin = await gw.store.users.actor(1);
    if (!admin) return t.fail('no admin');
    await teamMeeting(gw.store, admin, group.id);
    // Async execFile: the gateway runs in this process and must keep answering.
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [SCRIPT, `${gw.url}/dav/`, 'admin', ADMIN_PASSWORD, 'Sales (Events)'],
      { timeout: 60_000 },
    );
    t.is(stdout.trim(), 'OK');
  } finally {
    await gw.dispose();
  }
});
