// Webform records are created as the form's author (gateway/webforms/README.md), so the author's
// profile rights apply (README.md "### Roles and profiles"): an author whose profile may not
// create Leads gets no record; the submission stays in the inbox with the reason.
import test from 'ava';
import { intakeUrl, postJson, records, settings, startWebforms } from './fixture.js';

test('a form whose author may not create Leads keeps submissions as errors', async (t) => {
  t.timeout(90_000);
  const { gw, service } = await startWebforms(t);
  const profile = await gw.store.roles.createProfile('Readers', '*:view');
  const role = await gw.store.roles.createRole('Readers', [profile.id], null);
  const author = await gw.store.users.create({
    userName: 'writer',
    password: 'writer-password-1',
    roleId: role.id,
  });
  const form = await service.forms.create(
    settings({ owner: { kind: 'user', id: author.id } }),
    author.id,
  );
  const res = await postJson(intakeUrl(gw, form), { lastname: 'Refused', email: 'r@example.org' });
  t.is(res.status, 202);
  t.deepEqual(await records(gw), []);
  const inbox = await service.inbox.recent(form.id);
  t.deepEqual(
    inbox.map((e) => e.status),
    ['error'],
  );
  t.regex(inbox[0]?.lastError ?? '', /Permission to create Leads records is denied/);
});
