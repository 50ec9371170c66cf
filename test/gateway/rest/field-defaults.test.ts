// Defaults of fields a client does not send, as vtiger 8.2's webservice applies them (README
// "Answers as vtiger 8.2 gives them"): `visibility` "" and `reminder_time` "0"; Products and
// Services are active ("1") where vtiger's webservice stores "0", a difference the README explains.
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

test('visibility is empty and reminder_time "0" when not sent', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const event = await admin.doCreate('Events', {
    subject: 'Call',
    date_start: '2030-01-01',
    time_start: '10:00:00',
    due_date: '2030-01-01',
    time_end: '11:00:00',
    eventstatus: 'Planned',
    activitytype: 'Call',
  });
  const task = await admin.doCreate('Calendar', { subject: 'Todo', date_start: '2030-01-01' });
  if (!event || !task) return t.fail(JSON.stringify(admin.lastError));
  t.is(event.visibility, '');
  t.is(event.reminder_time, '0');
  t.is(task.visibility, '');
  const kept = await admin.doCreate('Events', {
    subject: 'Meet',
    date_start: '2030-01-02',
    time_start: '10:00:00',
    due_date: '2030-01-02',
    time_end: '11:00:00',
    eventstatus: 'Planned',
    activitytype: 'Meeting',
    visibility: 'Private',
    reminder_time: '15',
  });
  if (!kept) return t.fail(JSON.stringify(admin.lastError));
  t.like(kept, { visibility: 'Private', reminder_time: '15' });
});

test('Products and Services are active when discontinued is not sent', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const product = await admin.doCreate('Products', { productname: 'Gear' });
  const service = await admin.doCreate('Services', { servicename: 'Setup' });
  if (!product || !service) return t.fail(JSON.stringify(admin.lastError));
  t.is(product.discontinued, '1');
  t.is(service.discontinued, '1');
});
