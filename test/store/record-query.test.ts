// Record queries end to end (VTQL text → compileVtql → runRecordQuery) on SQLite and PostgreSQL:
// gateway/rest/README.md §3 semantics with typed, bound values, visibility, the recycle bin, and
// injection attempts that must match nothing and change nothing (§8).
import { compileVtql, type CompileOptions } from '../../gateway/rest/vtql/to-record-query.js';
import { GatewayError } from '../../store/errors.js';
import {
  runRecordQuery,
  type RecordQuery,
  type RecordQueryResult,
} from '../../store/records/record-query.js';
import type { Store } from '../../store/store.js';
import type { Actor, CrmRecord } from '../../store/types.js';
import { storeTest } from '../helpers/databases.js';
import type { TestStore } from '../helpers/store.js';

interface Seed {
  readonly alice: Actor;
  readonly bob: Actor;
  readonly teamId: number;
  readonly acme: CrmRecord;
  readonly globex: CrmRecord;
  readonly contacts: Readonly<
    Record<'ada' | 'grace' | 'alan' | 'obrien' | 'muller' | 'team', CrmRecord>
  >;
}

async function actorOf(store: Store, userName: string): Promise<Actor> {
  const user = await store.users.create({ userName, password: 'password-123' });
  return (await store.users.actor(user.id)) as Actor;
}

async function seed({ store, admin }: TestStore): Promise<Seed> {
  const alice = await actorOf(store, 'alice');
  const bob = await actorOf(store, 'bob');
  const team = await store.groups.create('Team');
  const acme = await store.records.create(admin, 'Accounts', {
    values: { accountname: 'Acme', industry: 'Banking' },
  });
  const globex = await store.records.create(admin, 'Accounts', {
    values: { accountname: 'Globex', industry: 'Technology' },
  });
  const contact = (
    values: Record<string, string>,
    actor: Actor = admin,
    owner?: { kind: 'group'; id: number },
  ) => store.records.create(actor, 'Contacts', { values, ...(owner ? { owner } : {}) });
  const contacts = {
    ada: await contact({
      firstname: 'Ada',
      lastname: 'Lovelace',
      account_id: String(acme.id),
      birthday: '1815-12-10',
      title: 'Countess',
    }),
    grace: await contact({
      firstname: 'Grace',
      lastname: 'Hopper',
      account_id: String(globex.id),
      birthday: '1906-12-09',
      title: '',
    }),
    alan: await contact({ firstname: 'Alan', lastname: 'Turing', birthday: '1912-06-23' }, alice),
    obrien: await contact({ firstname: 'Pat', lastname: "O'Brien", email: 'pat@example.org' }),
    muller: await contact({ firstname: 'Jürgen', lastname: 'Müller' }),
    team: await contact({ firstname: 'Team', lastname: 'Zeta' }, admin, {
      kind: 'group',
      id: team.id,
    }),
  };
  // A known creation second, with milliseconds as the store keeps them.
  await store.db
    .knex('crm_entities')
    .where({ id: contacts.ada.id })
    .update({ createdtime: '2019-01-15 10:00:00.123' });
  const gone = await contact({ firstname: 'Gone', lastname: 'Deleted' });
  await store.recycleBin.delete(admin, 'Contacts', gone.id);
  return { alice, bob, teamId: team.id, acme, globex, contacts };
}

async function query(
  ts: TestStore,
  actor: Actor,
  vtql: string,
  options: CompileOptions = {},
): Promise<RecordQueryResult> {
  return runRecordQuery(ts.store.db.knex, ts.store.sharing, actor, compileVtql(vtql, options));
}

async function names(
  ts: TestStore,
  actor: Actor,
  vtql: string,
  options: CompileOptions = {},
): Promise<string[]> {
  const result = await query(ts, actor, vtql, options);
  if (!('records' in result)) throw new Error('expected records');
  return result.records.map((r) => r.label);
}

async function count(ts: TestStore, actor: Actor, vtql: string): Promise<number> {
  const result = await query(ts, actor, vtql);
  if (!('count' in result)) throw new Error('expected a count');
  return result.count;
}

const sorted = (list: string[]): string[] => [...list].sort();

storeTest(
  'VTQL comparisons: equality, numbers as numbers, booleans, dates and times',
  async (t, ts) => {
    const { admin, store } = ts;
    const { acme } = await seed(ts);
    await store.records.update(
      admin,
      'Accounts',
      acme.id,
      { values: { emailoptout: '1' } },
      'revise',
    );
    t.deepEqual(await names(ts, admin, 'SELECT * FROM Accounts WHERE emailoptout = 1;'), ['Acme']);
    t.deepEqual(
      await names(
        ts,
        admin,
        "SELECT * FROM Accounts WHERE emailoptout = 'true' AND industry = 'Banking';",
      ),
      ['Acme'],
    );
    t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE lastname = 'Lovelace';"), [
      'Ada Lovelace',
    ]);
    t.deepEqual(
      await names(ts, admin, "SELECT * FROM Contacts WHERE lastname = 'lovelace';"),
      ['Ada Lovelace'],
      '= ignores case, as on MariaDB (test/gateway/rest/vtql-equality.test.ts)',
    );
    t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE lastname = 'O''Brien';"), [
      "Pat O'Brien",
    ]);

    for (const [name, qty] of [
      ['Bolt', '10'],
      ['Nut', '9'],
      ['Screw', '100'],
      ['Washer', '2.5'],
    ] as const) {
      await store.records.create(admin, 'Products', {
        values: { productname: name, qtyinstock: qty },
      });
    }
    t.deepEqual(
      await names(ts, admin, 'SELECT * FROM Products WHERE qtyinstock > 9;'),
      ['Bolt', 'Screw'],
      'not text order',
    );
    t.deepEqual(
      await names(
        ts,
        admin,
        "SELECT * FROM Products WHERE qtyinstock >= '2.5' AND qtyinstock < 10;",
      ),
      ['Nut', 'Washer'],
    );
    t.deepEqual(await names(ts, admin, 'SELECT * FROM Products WHERE qtyinstock IN (9, 100);'), [
      'Nut',
      'Screw',
    ]);
    t.deepEqual(
      await names(
        ts,
        admin,
        'SELECT * FROM Products WHERE qtyinstock <= 9.0 ORDER BY qtyinstock DESC;',
      ),
      ['Nut', 'Washer'],
    );
    await t.throwsAsync(query(ts, admin, "SELECT * FROM Products WHERE qtyinstock > 'lots';"), {
      instanceOf: GatewayError,
      message: /qtyinstock/,
    });

    t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE birthday < '1900-01-01';"), [
      'Ada Lovelace',
    ]);
    t.deepEqual(
      await names(
        ts,
        admin,
        "SELECT * FROM Contacts WHERE birthday >= '1906-12-09' ORDER BY birthday;",
      ),
      ['Grace Hopper', 'Alan Turing'],
    );
    t.deepEqual(
      await names(ts, admin, "SELECT * FROM Contacts WHERE createdtime = '2019-01-15 10:00:00';"),
      ['Ada Lovelace'],
      'whole seconds',
    );
    t.deepEqual(
      await names(
        ts,
        admin,
        "SELECT * FROM Contacts WHERE createdtime > '2019-01-15 10:00:00' AND lastname = 'Lovelace';",
      ),
      [],
    );
    t.deepEqual(
      await names(ts, admin, "SELECT * FROM Contacts WHERE createdtime < '2019-02-01';"),
      ['Ada Lovelace'],
    );
    t.is(
      (await names(ts, admin, "SELECT * FROM Contacts WHERE modifiedtime > '2019-02-01';")).length,
      6,
    );
  },
);

storeTest('VTQL LIKE (case-insensitive), IN / NOT IN, IS [NOT] NULL', async (t, ts) => {
  const { admin } = ts;
  const { contacts } = await seed(ts);
  t.deepEqual(
    await names(ts, admin, "SELECT * FROM Contacts WHERE lastname LIKE '%LOVE%';"),
    ['Ada Lovelace'],
    'case-insensitive',
  );
  t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE firstname LIKE 'gr_ce';"), [
    'Grace Hopper',
  ]);
  t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE lastname LIKE 'M%ller';"), [
    'Jürgen Müller',
  ]);
  t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE lastname LIKE '%''%';"), [
    "Pat O'Brien",
  ]);
  t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE lastname NOT LIKE '%E%';"), [
    'Alan Turing',
  ]);
  t.deepEqual(
    await names(ts, admin, "SELECT * FROM Contacts WHERE lastname LIKE '100\\%';"),
    [],
    'escaped % is literal',
  );

  t.deepEqual(
    sorted(
      await names(ts, admin, "SELECT * FROM Contacts WHERE lastname IN ('Lovelace', 'Hopper');"),
    ),
    ['Ada Lovelace', 'Grace Hopper'],
  );
  t.deepEqual(
    sorted(
      await names(
        ts,
        admin,
        "SELECT * FROM Contacts WHERE lastname NOT IN ('Lovelace', 'Hopper', 'Zeta', 'Müller');",
      ),
    ),
    ['Alan Turing', "Pat O'Brien"],
  );
  t.deepEqual(
    sorted(
      await names(
        ts,
        admin,
        'SELECT * FROM Contacts WHERE account_id IS NULL AND email IS NOT NULL;',
      ),
    ),
    ["Pat O'Brien"],
  );
  // '' and NULL are one "empty" for text fields: Grace's title is '', the others have none.
  t.is((await names(ts, admin, 'SELECT * FROM Contacts WHERE title IS NULL;')).length, 5);
  t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE title != '';"), [
    'Ada Lovelace',
  ]);
  t.deepEqual(
    await names(
      ts,
      admin,
      `SELECT * FROM Contacts WHERE id = ${contacts.ada.id} AND title IS NOT NULL;`,
    ),
    ['Ada Lovelace'],
  );
});

storeTest('VTQL precedence, parentheses, ORDER BY, LIMIT, count(*)', async (t, ts) => {
  const { admin } = ts;
  await seed(ts);
  const q = (where: string) =>
    names(ts, admin, `SELECT * FROM Contacts WHERE ${where} ORDER BY lastname;`);
  t.deepEqual(
    await q("lastname = 'Lovelace' OR lastname = 'Hopper' AND firstname = 'Nobody'"),
    ['Ada Lovelace'],
    'AND binds tighter',
  );
  t.deepEqual(await q("(lastname = 'Lovelace' OR lastname = 'Hopper') AND firstname = 'Grace'"), [
    'Grace Hopper',
  ]);
  t.deepEqual(
    await q(
      "NOT (lastname = 'Lovelace' OR lastname = 'Hopper') AND account_id IS NULL AND firstname != 'Team'",
    ),
    ['Jürgen Müller', "Pat O'Brien", 'Alan Turing'],
  );

  const all = [
    'Grace Hopper',
    'Ada Lovelace',
    'Jürgen Müller',
    "Pat O'Brien",
    'Alan Turing',
    'Team Zeta',
  ];
  t.deepEqual(await names(ts, admin, 'SELECT * FROM Contacts ORDER BY lastname;'), all);
  t.deepEqual(
    await names(ts, admin, 'SELECT * FROM Contacts ORDER BY lastname DESC;'),
    [...all].reverse(),
  );
  t.deepEqual(
    await names(
      ts,
      admin,
      'SELECT * FROM Contacts ORDER BY account_id DESC, lastname ASC LIMIT 2;',
    ),
    ['Grace Hopper', 'Ada Lovelace'],
  );
  t.deepEqual(
    await names(ts, admin, 'SELECT * FROM Contacts ORDER BY lastname LIMIT 1, 2;'),
    all.slice(1, 3),
  );
  t.deepEqual(
    await names(ts, admin, 'SELECT * FROM Contacts ORDER BY lastname LIMIT 4;', { maxRows: 3 }),
    all.slice(0, 3),
    'capped',
  );
  t.is(
    (await names(ts, admin, 'SELECT * FROM Contacts;', { maxRows: 2 })).length,
    2,
    'default limit',
  );

  t.is(await count(ts, admin, 'SELECT count(*) FROM Contacts;'), 6);
  t.is(await count(ts, admin, 'SELECT count(*) FROM Contacts LIMIT 1;'), 6, 'count ignores LIMIT');
  t.is(
    await count(ts, admin, "SELECT count(*) FROM Contacts WHERE lastname LIKE '%o%' OR id = 0;"),
    3,
  );
  t.is(
    await count(
      ts,
      admin,
      `SELECT count(*) FROM Contacts WHERE assigned_user_id = '19x${admin.userId}';`,
    ),
    4,
  );
});

storeTest(
  'VTQL on an inventory module: records carry line items, loaded in one batch',
  async (t, ts) => {
    const { admin, store } = ts;
    const { acme } = await seed(ts);
    const knex = store.db.knex;
    const product = await store.records.create(admin, 'Products', {
      values: { productname: 'Bolt' },
    });
    const order = (subject: string) =>
      store.records.create(admin, 'SalesOrder', {
        values: { subject, account_id: String(acme.id) },
        lineItems: [
          {
            productId: product.id,
            quantity: '2',
            listPrice: '40',
            discountPercent: null,
            discountAmount: null,
            taxPercent: null,
            comment: null,
          },
          {
            productId: product.id,
            quantity: '1',
            listPrice: '30',
            discountPercent: null,
            discountAmount: null,
            taxPercent: null,
            comment: 'spare',
          },
        ],
      });
    await order('First order');
    const statements = async (vtql: string): Promise<[number, CrmRecord[]]> => {
      let n = 0;
      const listener = (): void => void (n += 1);
      knex.on('query', listener);
      try {
        const result = await query(ts, admin, vtql);
        return [n, 'records' in result ? result.records : []];
      } finally {
        knex.removeListener('query', listener);
      }
    };
    const [one, firstRun] = await statements(
      `SELECT * FROM SalesOrder WHERE account_id = '11x${acme.id}';`,
    );
    t.is(firstRun[0]?.lineItems?.length, 2);
    await order('Second order');
    await order('Third order');
    const [three, records] = await statements(
      `SELECT * FROM SalesOrder WHERE account_id = '11x${acme.id}' AND hdnGrandTotal > 100;`,
    );
    t.deepEqual(
      records.map((r) => [r.label, r.lineItems?.length]),
      [
        ['First order', 2],
        ['Second order', 2],
        ['Third order', 2],
      ],
    );
    t.true(three <= one, `no query per record (${one} then ${three} statements)`);
  },
);

storeTest('VTQL ids, references and owners', async (t, ts) => {
  const { admin } = ts;
  const { alice, teamId, acme, contacts } = await seed(ts);
  const { id } = contacts.grace;
  for (const form of [`'12x${id}'`, `12x${id}`, `${id}`]) {
    t.deepEqual(
      await names(ts, admin, `SELECT * FROM Contacts WHERE id = ${form};`),
      ['Grace Hopper'],
      form,
    );
  }
  t.deepEqual(
    sorted(
      await names(
        ts,
        admin,
        `SELECT * FROM Contacts WHERE id IN ('12x${id}', ${contacts.ada.id});`,
      ),
    ),
    ['Ada Lovelace', 'Grace Hopper'],
  );
  await t.throwsAsync(query(ts, admin, `SELECT * FROM Contacts WHERE id = '11x${id}';`), {
    message: 'Id specified is incorrect',
  });
  t.deepEqual(
    await names(ts, admin, `SELECT * FROM Contacts WHERE account_id = '11x${acme.id}';`),
    ['Ada Lovelace'],
  );
  await t.throwsAsync(query(ts, admin, `SELECT * FROM Contacts WHERE account_id = ${acme.id};`), {
    message: 'Id specified is incorrect',
  });
  t.deepEqual(
    await names(ts, admin, `SELECT * FROM Contacts WHERE assigned_user_id = '19x${alice.userId}';`),
    ['Alan Turing'],
  );
  t.deepEqual(
    await names(ts, admin, `SELECT * FROM Contacts WHERE assigned_user_id = '20x${teamId}';`),
    ['Team Zeta'],
  );
  t.deepEqual(
    await names(
      ts,
      admin,
      `SELECT * FROM Contacts WHERE assigned_user_id IN ('19x${alice.userId}', '20x${teamId}') ORDER BY lastname;`,
    ),
    ['Alan Turing', 'Team Zeta'],
  );
  t.is(
    (
      await names(
        ts,
        admin,
        `SELECT * FROM Contacts WHERE assigned_user_id != '19x${admin.userId}';`,
      )
    ).length,
    2,
  );
  t.deepEqual(
    await names(
      ts,
      admin,
      `SELECT * FROM Contacts WHERE assigned_user_id = ${teamId} AND lastname = 'Zeta';`,
    ),
    ['Team Zeta'],
  );
});

storeTest(
  "VTQL visibility: private modules hide other owners' records, counts too; deleted records never match",
  async (t, ts) => {
    const { admin, store } = ts;
    const { alice, bob, teamId, contacts } = await seed(ts);
    t.is(await count(ts, alice, 'SELECT count(*) FROM Contacts;'), 6);
    await store.sharing.set('Contacts', 'private');
    t.deepEqual(await names(ts, alice, 'SELECT * FROM Contacts;'), ['Alan Turing']);
    t.is(await count(ts, alice, 'SELECT count(*) FROM Contacts;'), 1);
    t.deepEqual(
      await names(
        ts,
        alice,
        "SELECT * FROM Contacts WHERE lastname = 'Lovelace' OR lastname = 'Turing';",
      ),
      ['Alan Turing'],
      'OR stays inside',
    );
    t.is(
      await count(
        ts,
        alice,
        "SELECT count(*) FROM Contacts WHERE lastname = 'Lovelace' OR id > 0;",
      ),
      1,
    );
    t.is(await count(ts, bob, 'SELECT count(*) FROM Contacts;'), 0);
    await store.groups.addMember(teamId, bob.userId);
    const bobInTeam = (await store.users.actor(bob.userId)) as Actor;
    t.deepEqual(await names(ts, bobInTeam, 'SELECT * FROM Contacts;'), ['Team Zeta']);
    t.is(await count(ts, admin, 'SELECT count(*) FROM Contacts;'), 6);

    t.deepEqual(await names(ts, admin, "SELECT * FROM Contacts WHERE lastname = 'Deleted';"), []);
    t.is(await count(ts, admin, "SELECT count(*) FROM Contacts WHERE firstname = 'Gone';"), 0);
    await store.recycleBin.delete(admin, 'Contacts', contacts.ada.id);
    t.deepEqual(
      await names(ts, admin, `SELECT * FROM Contacts WHERE id = ${contacts.ada.id};`),
      [],
    );
    t.is(await count(ts, admin, 'SELECT count(*) FROM Contacts;'), 5);
  },
);

async function tableCounts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['users', 'crm_entities', 'mod_contacts', 'mod_accounts', 'change_log']) {
    const [row] = (await store.db.knex(table).count({ n: '*' })) as { n: number | string }[];
    out[table] = Number(row?.n ?? -1);
  }
  return out;
}

storeTest('VTQL injection attempts match nothing and leave the store unchanged', async (t, ts) => {
  const { admin, store } = ts;
  await seed(ts);
  const before = await tableCounts(store);
  const values = [
    "' OR '1'='1",
    "%' --",
    "\\'",
    "x'); DROP TABLE users; --",
    "1' UNION SELECT user_name FROM users --",
    '\\',
    '%\\',
  ];
  for (const v of values) {
    const literal = `'${v.replace(/'/g, "''")}'`;
    t.deepEqual(
      await names(ts, admin, `SELECT * FROM Contacts WHERE lastname = ${literal};`),
      [],
      v,
    );
    t.deepEqual(
      await names(ts, admin, `SELECT * FROM Contacts WHERE lastname LIKE ${literal};`),
      [],
      `LIKE ${v}`,
    );
    t.is(
      await count(
        ts,
        admin,
        `SELECT count(*) FROM Contacts WHERE firstname IN (${literal}, 'x') OR lastname < ${literal} AND lastname > ${literal};`,
      ),
      0,
    );
  }
  await t.throwsAsync(query(ts, admin, "SELECT * FROM Contacts WHERE id = '1 OR 1=1';"), {
    instanceOf: GatewayError,
  });
  await t.throwsAsync(
    query(ts, admin, "SELECT * FROM Contacts WHERE lastname = 'x'; DROP TABLE users;"),
    { instanceOf: GatewayError },
  );
  // Field names never reach SQL unless the registry knows them, even when the query is built directly.
  const direct: RecordQuery = {
    module: 'Contacts',
    columns: '*',
    count: false,
    limit: 10,
    offset: 0,
    orderBy: [],
    where: { kind: 'compare', field: 'lastname = lastname OR 1', op: '=', value: 'x' },
  };
  const denied = await t.throwsAsync(runRecordQuery(store.db.knex, store.sharing, admin, direct), {
    instanceOf: GatewayError,
  });
  t.is(denied?.message, 'Permission to access lastname = lastname OR 1 attribute denied.');
  await t.throwsAsync(
    runRecordQuery(store.db.knex, store.sharing, admin, {
      ...direct,
      where: null,
      orderBy: [{ field: 'id; DROP TABLE users', direction: 'asc' }],
    }),
    { instanceOf: GatewayError },
  );
  await t.throwsAsync(
    runRecordQuery(store.db.knex, store.sharing, admin, {
      ...direct,
      where: null,
      module: 'users',
    }),
    { message: /denied for name : users/ },
  );
  t.deepEqual(await tableCounts(store), before);
  t.truthy(await store.users.findByUserName('admin'));
});
