// describe and listtypes metadata as vtiger 8.2 answers it (gateway/rest/README.md §4): every
// field has a `default` key, mandatory and system fields are not nullable, Accounts' accountname
// is unique, module labels are vtiger's ("Sales Order", "Invoice", "Calendar", "Currency"), and
// listtypes with an empty fieldTypeList lists every module.
import test from 'ava';
import { adminClient, restGateway } from '../../helpers/rest-fixture.js';

interface Field {
  name: string;
  mandatory: boolean;
  isunique: boolean;
  nullable: boolean;
  default?: string;
}

test('describe: default on every field, nullable false for mandatory and system fields, isunique', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  for (const module of ['Accounts', 'Contacts', 'Events', 'SalesOrder', 'Users']) {
    const body = (await admin.doDescribe(module)) as { fields: Field[] } | false;
    if (!body) return t.fail(JSON.stringify(admin.lastError));
    for (const f of body.fields) {
      t.is(typeof f.default, 'string', `${module}.${f.name} has a default`);
      if (f.mandatory) t.false(f.nullable, `${module}.${f.name} is mandatory`);
    }
  }
  const accounts = (await admin.doDescribe('Accounts')) as { fields: Field[] };
  const byName = new Map(accounts.fields.map((f) => [f.name, f]));
  t.like(byName.get('accountname'), { isunique: true, nullable: false, default: '' });
  t.like(byName.get('website'), { isunique: false, nullable: true, default: '' });
  for (const system of ['assigned_user_id', 'createdtime', 'modifiedtime', 'account_no'])
    t.like(byName.get(system), { nullable: false }, system);
  const events = (await admin.doDescribe('Events')) as { fields: Field[] };
  t.is(events.fields.find((f) => f.name === 'eventstatus')?.default, 'Planned');
});

test('module labels are vtiger 8.2’s in describe and listtypes', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const labels = {
    SalesOrder: 'Sales Order',
    Invoice: 'Invoice',
    Calendar: 'Calendar',
    Currency: 'Currency',
  };
  const listed = (await admin.get({ operation: 'listtypes' })).result as {
    information: Record<string, { label: string }>;
  };
  for (const [module, label] of Object.entries(labels)) {
    t.like(await admin.doDescribe(module), { label }, module);
    t.is(listed.information[module]?.label, label, module);
  }
  t.is(listed.information.Accounts?.label, 'Organizations');
});

test('listtypes with fieldTypeList=[] lists every module', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const all = (await admin.get({ operation: 'listtypes' })).result as { types: string[] };
  const empty = (await admin.get({ operation: 'listtypes', fieldTypeList: '[]' })).result as {
    types: string[];
  };
  t.true(all.types.length > 10);
  t.deepEqual(empty.types, all.types);
});

interface TypedField {
  name: string;
  type: { name: string; picklistValues?: { label: string; value: string }[] };
}

test('describe answers vtiger 8.2’s types where its uitypes differ', async (t) => {
  const gw = await restGateway();
  t.teardown(() => gw.dispose());
  const admin = await adminClient(gw);
  const typeOf = async (module: string, field: string): Promise<TypedField['type'] | undefined> => {
    const body = (await admin.doDescribe(module)) as { fields: TypedField[] } | false;
    if (!body) throw new Error(JSON.stringify(admin.lastError));
    return body.fields.find((f) => f.name === field)?.type;
  };
  // uitype 55, 83 and 115 have no vtiger_ws_fieldtype row: typeofdata V makes them strings.
  t.deepEqual(await typeOf('Contacts', 'salutationtype'), { name: 'string' });
  t.deepEqual(await typeOf('Leads', 'salutationtype'), { name: 'string' });
  t.deepEqual(await typeOf('Products', 'taxclass'), { name: 'string' });
  t.deepEqual(await typeOf('Services', 'taxclass'), { name: 'string' });
  t.deepEqual(await typeOf('Users', 'status'), { name: 'string' });
  // uitype 15/16 are picklists.
  const minutes = await typeOf('Events', 'duration_minutes');
  t.is(minutes?.name, 'picklist');
  t.deepEqual(
    minutes?.picklistValues?.map((v) => v.value),
    ['00', '15', '30', '45'],
  );
  t.is((await typeOf('Calendar', 'duration_minutes'))?.name, 'picklist');
  const activity = await typeOf('Calendar', 'activitytype');
  t.is(activity?.name, 'picklist');
  t.true(activity?.picklistValues?.some((v) => v.value === 'Meeting'));
  const zones = await typeOf('Users', 'time_zone');
  t.is(zones?.name, 'picklist');
  t.true(zones?.picklistValues?.some((v) => v.value === 'Europe/Berlin'));
});
