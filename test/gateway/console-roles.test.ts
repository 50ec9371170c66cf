// The console's "Roles & profiles" page and the role and details of a user's page (README.md
// "### Roles and profiles", gateway/console/README.md): admins create profiles from the rights
// grid, roles under a parent, and assign them; bad input changes nothing; others get 403.
import test from 'ava';
import { formatRights } from '../../store/roles/rights.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { ADMIN_PASSWORD, startTestGateway } from '../helpers/gateway.js';

test('admins manage roles and profiles and assign them to users', async (t) => {
  t.timeout(90_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const { roles, users } = gw.store;
  const admin = new ConsoleClient(gw.url);
  t.is((await admin.login('admin', ADMIN_PASSWORD)).status, 303);

  const list = await admin.get('/console/roles');
  t.is(list.status, 200);
  const body = await list.text();
  t.regex(body, /data-role="Default"/);
  t.regex(body, /data-profile="Default"/);

  const csrf = ConsoleClient.csrfOf(body);
  const created = await admin.post('/console/profiles', {
    _csrf: csrf,
    name: 'Sales',
    right: ['Contacts:view', 'Contacts:create', 'Contacts:edit', 'Contacts:delete', '*:view'],
  });
  t.is(created.status, 303);
  const sales = await roles.profileByName('Sales');
  t.is(sales && formatRights(sales.rights), 'Contacts:view,create,edit,delete;*:view');

  const tampered = await admin.post('/console/profiles', {
    _csrf: csrf,
    name: 'Bad',
    right: ['Nope:view'],
  });
  t.is(tampered.status, 400);
  t.is(await roles.profileByName('Bad'), null);

  const defaultRole = await roles.roleByName('Default');
  t.is(
    (
      await admin.post('/console/roles', {
        _csrf: csrf,
        name: 'Rep',
        parent: String(defaultRole?.id),
        profile: String(sales?.id),
      })
    ).status,
    303,
  );
  const rep = await roles.roleByName('Rep');
  t.is(rep?.parentId, defaultRole?.id);
  t.deepEqual(rep?.profileIds, [sales?.id]);
  // A role cannot report to a role below it: refused, nothing changes.
  const loop = await admin.post(`/console/roles/${defaultRole?.id}`, {
    _csrf: csrf,
    parent: String(rep?.id),
    profile: String(sales?.id),
  });
  t.is(loop.status, 400);
  t.is((await roles.roleByName('Default'))?.parentId, null);

  const jane = await users.create({ userName: 'jane', password: 'jane-password-1' });
  t.is(jane.roleId, defaultRole?.id);
  const page = await (await admin.get(`/console/users/${jane.id}`)).text();
  t.regex(page, /name="role"/);
  t.regex(page, /name="phone_mobile"/);
  const saved = await admin.post(`/console/users/${jane.id}`, {
    _csrf: ConsoleClient.csrfOf(page),
    last_name: 'Doe',
    time_zone: 'UTC',
    active: '1',
    role: String(rep?.id),
    title: 'Sales rep',
    department: 'Sales',
    phone_mobile: '+1 555 0100',
  });
  t.is(saved.status, 303);
  const after = await users.findById(jane.id);
  t.is(after?.roleId, rep?.id);
  t.like(after?.details, { title: 'Sales rep', department: 'Sales', phoneMobile: '+1 555 0100' });

  const usersHtml = await (await admin.get('/console/users')).text();
  t.regex(usersHtml, /data-user="jane">.*?<td>Rep<\/td>/s);
  t.is(
    (
      await admin.post('/console/users', {
        _csrf: ConsoleClient.csrfOf(usersHtml),
        username: 'kim',
        password: 'kim-password-1',
        last_name: 'Kim',
        role: String(rep?.id),
      })
    ).status,
    303,
  );
  t.is((await users.findByUserName('kim'))?.roleId, rep?.id);

  const janeClient = new ConsoleClient(gw.url);
  t.is((await janeClient.login('jane', 'jane-password-1')).status, 303);
  t.is((await janeClient.get('/console/roles')).status, 403);
});

test('the profile page lists and sets hidden and read-only fields per module', async (t) => {
  t.timeout(90_000);
  const gw = await startTestGateway();
  t.teardown(() => gw.dispose());
  const { roles } = gw.store;
  const profile = await roles.createProfile('Fields', '*:view');
  const admin = new ConsoleClient(gw.url);
  t.is((await admin.login('admin', ADMIN_PASSWORD)).status, 303);
  const before = await (await admin.get(`/console/profiles/${profile.id}`)).text();
  t.regex(before, /Every field is visible and writable/);
  const csrf = ConsoleClient.csrfOf(before);
  const saved = await admin.post(`/console/profiles/${profile.id}/fields`, {
    _csrf: csrf,
    module: 'Contacts',
    hidden: 'mobile, email',
    readonly: 'title',
  });
  t.is(saved.status, 303);
  t.deepEqual(await roles.profileFields(profile.id), {
    Contacts: { hidden: ['email', 'mobile'], readonly: ['title'] },
  });
  const after = await (await admin.get(`/console/profiles/${profile.id}`)).text();
  t.regex(
    after,
    /data-fields="Contacts"><th scope="row">Contacts<\/th><td>email, mobile<\/td><td>title<\/td>/,
  );
  const mandatory = await admin.post(`/console/profiles/${profile.id}/fields`, {
    _csrf: csrf,
    module: 'Contacts',
    hidden: 'lastname',
    readonly: '',
  });
  t.is(mandatory.status, 400);
  t.deepEqual(await roles.profileFields(profile.id), {
    Contacts: { hidden: ['email', 'mobile'], readonly: ['title'] },
  });
});
