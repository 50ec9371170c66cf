// Anonymous and calendar clients over three replicas behind HAProxy (README.md "Several
// replicas"): a webform's ALTCHA challenge fetched from one replica is solved and posted to
// another, its replay refused by a third (gateway/webforms/README.md §4.3), a hosted page's
// fill-time token checked elsewhere; python3-caldav syncs, edits and deletes with each of its
// requests on the next replica, so sync tokens and ETags must agree across them.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import test from 'ava';
import type { Challenge } from 'altcha-lib';
import { openStore } from '../../../store/store.js';
import { WebformRepository } from '../../../store/webforms/webform-repository.js';
import { ADMIN_PASSWORD } from '../../helpers/gateway.js';
import { requirePeer } from '../../helpers/peers.js';
import { clusterFor } from '../../helpers/replicas/setup.js';
import { settings } from '../webforms/fixture.js';
import { teamMeeting } from '../caldav/team-meeting.js';
import { solve } from '../webforms/altcha-solution.js';
import { hasCaldav, PYTHON, SCRIPT } from '../caldav/python-caldav.js';

function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(20_000),
  });
}

test('webform captcha and fill-time token, then a python3-caldav sync, across replicas', async (t) => {
  t.timeout(170_000);
  const caldav = await hasCaldav();
  const cluster = await clusterFor(t);
  if (!cluster) return;
  const store = await openStore({ kind: 'pg', url: cluster.db.url });
  t.teardown(() => store.close());
  const forms = new WebformRepository(store.db.knex);

  const captcha = await forms.create(settings({ captcha: true }), 1);
  const url = `${cluster.url}/webforms/${captcha.publicId}`;
  const challenge = (await (await fetch(`${url}/challenge`)).json()) as Challenge;
  const solved = await solve(challenge);
  const visitor = { lastname: 'Replica', email: 'r@example.org' };
  t.is((await postJson(url, { ...visitor, altcha: solved })).status, 201);
  // The same solution on the next replicas: each knows it was used.
  for (let i = 0; i < 2; i++)
    t.is((await postJson(url, { ...visitor, lastname: 'Replay', altcha: solved })).status, 400);

  const hosted = await forms.create(settings({ minFillSeconds: 1, name: 'Hosted' }), 1);
  const hostedUrl = `${cluster.url}/webforms/${hosted.publicId}`;
  const token =
    /name="_wf_t" value="([^"]+)"/.exec(await (await fetch(hostedUrl)).text())?.[1] ?? '';
  t.not(token, '');
  await new Promise((r) => setTimeout(r, 1200));
  t.is((await postJson(hostedUrl, { ...visitor, lastname: 'Hosted', _wf_t: token })).status, 201);

  // The inbox is turned into leads by whichever replica's job claims it.
  const admin = await store.users.actor(1);
  if (!admin) return t.fail('no admin');
  let leads: string[] = [];
  for (let i = 0; i < 200 && leads.length < 2; i++) {
    leads = (await store.records.list(admin, 'Leads')).map((r) => String(r.values['lastname']));
    if (leads.length < 2) await new Promise((r) => setTimeout(r, 100));
  }
  t.deepEqual(leads.sort(), ['Hosted', 'Replica']);

  if (!requirePeer('python3-caldav', caldav, t)) return;
  const group = await store.groups.create('Sales');
  await store.groups.addMember(group.id, 1);
  await teamMeeting(store, admin, group.id);
  const { stdout } = await promisify(execFile)(
    PYTHON,
    [SCRIPT, `${cluster.url}/dav/`, 'admin', ADMIN_PASSWORD, 'Sales (Events)'],
    { timeout: 90_000 },
  );
  t.is(stdout.trim(), 'OK');
  const served = await cluster.haproxy.served();
  for (const r of cluster.replicas) t.true((served.get(r.name) ?? 0) > 3, `${r.name} served`);
});
