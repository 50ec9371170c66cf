import test from 'ava';
import {
  MODULES,
  entityModules,
  findField,
  getModule,
  moduleByPrefix,
  moduleColumns,
} from '../../store/modules/registry.js';
import { storeTest } from '../helpers/databases.js';

test('webservice id prefixes follow a fresh vtiger install and are unique', (t) => {
  const expected: Record<string, number> = {
    Quotes: 4,
    SalesOrder: 6,
    Invoice: 7,
    Calendar: 9,
    Leads: 10,
    Accounts: 11,
    Contacts: 12,
    Potentials: 13,
    Products: 14,
    HelpDesk: 17,
    Events: 18,
    Users: 19,
    Groups: 20,
    Currency: 21,
  };
  for (const [name, prefix] of Object.entries(expected))
    t.is(getModule(name).idPrefix, prefix, name);
  const prefixes = MODULES.map((m) => m.idPrefix);
  t.is(new Set(prefixes).size, prefixes.length);
  t.is(moduleByPrefix(19)?.name, 'Users');
  t.is(moduleByPrefix(999), null);
});

test('every module the gateway serves is registered with vtiger field names', (t) => {
  const names = [
    'Users',
    'Groups',
    'Accounts',
    'Contacts',
    'Leads',
    'Potentials',
    'Products',
    'Services',
    'Catalogs',
    'SalesOrder',
    'Invoice',
    'Quotes',
    'Currency',
    'Taxes',
    'Calendar',
    'Events',
    'HelpDesk',
    'ModComments',
    // The gateway's own (gateway/whatsapp/README.md §3.2, §5).
    'WhatsAppConversations',
    'WhatsAppTemplates',
  ];
  t.deepEqual([...MODULES.map((m) => m.name)].sort(), [...names].sort());
  const fields: Record<string, string[]> = {
    Accounts: ['account_no', 'accountname'],
    Contacts: ['contact_no', 'firstname', 'lastname', 'account_id', 'email', 'mobile'],
    Leads: [
      'lead_no',
      'firstname',
      'lastname',
      'company',
      'email',
      'phone',
      'leadsource',
      'leadstatus',
    ],
    Products: ['product_no', 'productname', 'productcode', 'unit_price', 'qtyinstock', 'usageunit'],
    Events: [
      'subject',
      'date_start',
      'time_start',
      'due_date',
      'time_end',
      'activitytype',
      'eventstatus',
    ],
    Calendar: ['subject', 'date_start', 'due_date', 'taskstatus'],
    HelpDesk: ['ticket_no', 'ticket_title'],
    Currency: ['currency_code', 'conversion_rate', 'currency_status'],
    Catalogs: ['catalogname', 'parent_id'],
  };
  for (const [module, list] of Object.entries(fields)) {
    for (const f of list) t.truthy(findField(getModule(module), f), `${module}.${f}`);
  }
  for (const def of entityModules()) {
    for (const f of ['assigned_user_id', 'createdtime', 'modifiedtime'])
      t.truthy(findField(def, f), `${def.name}.${f}`);
  }
});

test('label fields, references and picklists are consistent', (t) => {
  for (const def of MODULES) {
    t.true(def.labelFields.length > 0, def.name);
    for (const lf of def.labelFields) t.truthy(findField(def, lf), `${def.name} label field ${lf}`);
    const names = def.fields.map((f) => f.name);
    t.is(new Set(names).size, names.length, `${def.name} has duplicate fields`);
    for (const f of def.fields) {
      if (f.type === 'reference') {
        t.true((f.refersTo ?? []).length > 0, `${def.name}.${f.name} refers to nothing`);
        for (const target of f.refersTo ?? [])
          t.truthy(
            MODULES.find((m) => m.name === target),
            `${def.name}.${f.name} → ${target}`,
          );
      }
      if (f.type === 'picklist')
        t.true((f.picklistValues ?? []).length > 0, `${def.name}.${f.name}`);
    }
  }
  t.true(
    getModule('SalesOrder').inventory &&
      getModule('Invoice').inventory &&
      getModule('Quotes').inventory,
  );
  t.false(getModule('Accounts').inventory);
});

test('unknown module is a not_found error', (t) => {
  const err = t.throws(() => getModule('Nope'));
  t.regex(err?.message ?? '', /Nope/);
});

storeTest('schema has a table and a column for every registry field', async (t, { store }) => {
  const { knex } = store.db;
  for (const def of entityModules()) {
    t.true(await knex.schema.hasTable(def.table), def.table);
    for (const f of moduleColumns(def))
      t.true(await knex.schema.hasColumn(def.table, f.name), `${def.table}.${f.name}`);
  }
  t.deepEqual((await store.picklists.values('Leads', 'leadstatus')).slice(0, 2), [
    'Attempted to Contact',
    'Cold',
  ]);
});
