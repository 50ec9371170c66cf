// Deliveries follow each subscriber's profile (gateway/hooks/README.md §1): hidden fields are left
// out of its body, a profile without the view right on the module receives nothing, and one body
// is built per distinct set of rules (subscribers with the same rules share it).
import test, { type TestFn } from 'ava';
import { ADMIN_ACCESS_KEY, startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { BOB_ACCESS_KEY, createBob } from '../../helpers/rest-fixture.js';
import { basic, hooksCall, startTarget, vtews, waitFor, type Target } from './fixture.js';

const CAROL_KEY = 'carolAccessKey01234';
const admin = basic('admin', ADMIN_ACCESS_KEY);
const ctx = test as TestFn<{ gw: TestGateway; targets: Record<string, Target> }>;

ctx.before(async (t) => {
  const gw = await startTestGateway({ GATEWAY_LOGIN_MAX_FAILURES: '200' });
  const roles = gw.store.roles;
  const hiding = await roles.createProfile('Hooks hiding', '*:view,create,edit,delete');
  await roles.setProfileFields(hiding.id, 'Contacts', 'mobile,email', '');
  const sales = await roles.createRole('Hooks sales', [hiding.id], null);
  await roles.setUserRole(await createBob(gw.store), sales.id);
  const accountsOnly = await roles.createProfile('Hooks accounts only', 'Accounts:view');
  const narrow = await roles.createRole('Hooks narrow', [accountsOnly.id], null);
  const carol = await gw.store.users.create({
    userName: 'carol',
    password: 'carol-password-1',
    accessKey: CAROL_KEY,
    lastName: 'Carolson',
  });
  await roles.setUserRole(carol.id, narrow.id);
  const targets: Record<string, Target> = {};
  for (const name of ['admin', 'admin2', 'bob', 'carol']) targets[name] = await startTarget();
  t.context = { gw, targets };
});

ctx.after.always(async (t) => {
  await t.context.gw?.dispose();
  for (const target of Object.values(t.context.targets ?? {})) await target.close();
});

ctx.serial(
  'each subscriber gets the fields its profile shows, built once per rule set',
  async (t) => {
    const { gw, targets } = t.context;
    const auth: Record<string, string> = {
      admin,
      admin2: admin,
      bob: basic('bob', BOB_ACCESS_KEY),
      // carol's profile has no Contacts view right: she may subscribe and receives nothing.
      carol: basic('carol', CAROL_KEY),
    };
    for (const [name, target] of Object.entries(targets)) {
      const res = await hooksCall(gw, auth[name] ?? '', '', {
        json: { target_url: target.url, event: 'created', module: 'Contacts' },
      });
      t.is(res.status, 201, name);
    }
    const contact = await vtews(gw, admin, 'create', {
      elementType: 'Contacts',
      element: { lastname: 'Fielded', mobile: '+49 170 2', email: 'f@example.com', title: 'Dr' },
    });
    const got = (name: string): number => targets[name]?.received.length ?? 0;
    t.true(await waitFor(() => got('admin') === 1 && got('admin2') === 1 && got('bob') === 1));
    await new Promise((r) => setTimeout(r, 400));
    const body = (name: string): Record<string, string> =>
      (JSON.parse(targets[name]?.received[0]?.body ?? '{}') as { data: Record<string, string> })
        .data;
    t.is(body('admin').id, contact.id);
    t.is(body('admin').email, 'f@example.com');
    t.is(body('admin').mobile, '+49 170 2');
    t.deepEqual(body('admin2'), body('admin'));
    t.is(body('bob').id, contact.id);
    t.is(body('bob').title, 'Dr');
    t.false('email' in body('bob'), 'a hidden field is left out');
    t.false('mobile' in body('bob'), 'a hidden field is left out');
    t.is(got('carol'), 0, 'no view right on the module: nothing delivered');
    const recordId = Number(contact.id?.split('x')[1]);
    const bodies = await gw.store.db.knex('hook_events').where({ record_id: recordId });
    t.is(bodies.length, 2, 'one body per distinct rule set, not per subscriber');
    // The polling list follows the same rules.
    const polled = await hooksCall(gw, auth.bob ?? '', '/poll?event=created&module=Contacts');
    const sample = (polled.body as { data: Record<string, string> }[])[0]?.data ?? {};
    t.is(sample.id, contact.id);
    t.false('email' in sample);
    const refused = await hooksCall(gw, auth.carol ?? '', '/poll?event=created&module=Contacts');
    t.deepEqual(refused.body, []);
  },
);
