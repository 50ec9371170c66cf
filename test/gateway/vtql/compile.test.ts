// VTQL → RecordQuery (gateway/rest/README.md §3 semantics, §4 ids) and the lenient decoding of
// escape()-encoded queries (§7). Pure: no database.
import test, { type ExecutionContext } from 'ava';
import { decodeLenient } from '../../../gateway/rest/vtql/decode-lenient.js';
import { compileVtql, VTENEXT_MAX_ROWS } from '../../../gateway/rest/vtql/to-record-query.js';
import { VtqlSyntaxError } from '../../../gateway/rest/vtql/syntax-error.js';
import { GatewayError, type GatewayErrorKind } from '../../../store/errors.js';

function fails(
  t: ExecutionContext,
  query: string,
  kind: GatewayErrorKind,
  message: string | RegExp,
): void {
  const err = t.throws(() => compileVtql(query), { instanceOf: GatewayError });
  t.is(err?.kind, kind, query);
  if (typeof message === 'string') t.is(err?.message, message);
  else t.regex(err?.message ?? '', message);
}

test('module names: entity modules only, case-sensitive, vtiger ACCESS_DENIED text', (t) => {
  t.is(compileVtql('SELECT * FROM Contacts;').module, 'Contacts');
  fails(
    t,
    'SELECT * FROM contacts;',
    'forbidden',
    'Permission to perform the operation is denied for name : contacts',
  );
  fails(
    t,
    'SELECT * FROM Users;',
    'forbidden',
    'Permission to perform the operation is denied for name : Users',
  );
  fails(
    t,
    'SELECT * FROM vtiger_users;',
    'forbidden',
    'Permission to perform the operation is denied for name : vtiger_users',
  );
});

test('field names come from the registry only, in SELECT, WHERE and ORDER BY', (t) => {
  fails(
    t,
    'SELECT password FROM Contacts;',
    'forbidden',
    'Permission to access password attribute denied.',
  );
  fails(
    t,
    "SELECT * FROM Contacts WHERE LastName = 'x';",
    'forbidden',
    'Permission to access LastName attribute denied.',
  );
  fails(
    t,
    'SELECT * FROM Contacts ORDER BY user_name;',
    'forbidden',
    'Permission to access user_name attribute denied.',
  );
  const q = compileVtql('SELECT firstname, lastname FROM Contacts;');
  t.deepEqual(q.columns, ['firstname', 'lastname', 'id']);
  t.deepEqual(compileVtql('SELECT id, lastname, id FROM Contacts;').columns, ['id', 'lastname']);
});

test("ids: 12x5, quoted, bare; the prefix must be the module's", (t) => {
  for (const v of ["'12x5'", '12x5', '5', "'5'"]) {
    t.deepEqual(compileVtql(`SELECT * FROM Contacts WHERE id = ${v};`).where, {
      kind: 'compare',
      field: 'id',
      op: '=',
      value: '5',
    });
  }
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE id IN ('12x5', 12x6, 7);").where, {
    kind: 'in',
    field: 'id',
    values: ['5', '6', '7'],
    negated: false,
  });
  fails(
    t,
    "SELECT * FROM Contacts WHERE id = '11x5';",
    'invalid_input',
    'Id specified is incorrect',
  );
  fails(
    t,
    "SELECT * FROM Contacts WHERE id = '1 OR 1=1';",
    'invalid_input',
    'Id specified is incorrect',
  );
  fails(t, "SELECT * FROM Contacts WHERE id = 'x5';", 'invalid_input', 'Id specified is incorrect');
  const err = t.throws(() => compileVtql("SELECT * FROM Contacts WHERE id = '11x5';"), {
    instanceOf: GatewayError,
  });
  t.is(err?.details.ws?.code, 'INVALID_ID_ATTRIBUTE');
});

test('references need a ws id of a module they refer to', (t) => {
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE account_id = '11x3';").where, {
    kind: 'compare',
    field: 'account_id',
    op: '=',
    value: '3',
  });
  fails(
    t,
    'SELECT * FROM Contacts WHERE account_id = 3;',
    'invalid_input',
    'Id specified is incorrect',
  );
  fails(
    t,
    "SELECT * FROM Contacts WHERE account_id = '12x3';",
    'invalid_input',
    'Id specified is incorrect',
  );
  fails(
    t,
    "SELECT * FROM Contacts WHERE account_id LIKE '11x%';",
    'invalid_input',
    /LIKE cannot be used with account_id/,
  );
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE account_id = '';").where, {
    kind: 'compare',
    field: 'account_id',
    op: '=',
    value: '',
  });
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE modifiedby = '19x1';").where, {
    kind: 'compare',
    field: 'modifiedby',
    op: '=',
    value: '1',
  });
});

test('owners: 19x user, 20x group, bare ids match either', (t) => {
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE assigned_user_id = '19x1';").where, {
    kind: 'owner',
    owners: [{ kind: 'user', id: 1 }],
    negated: false,
  });
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE assigned_user_id != '20x2';").where, {
    kind: 'owner',
    owners: [{ kind: 'group', id: 2 }],
    negated: true,
  });
  t.deepEqual(
    compileVtql("SELECT * FROM Contacts WHERE assigned_user_id IN ('19x1', 20x2);").where,
    {
      kind: 'owner',
      owners: [
        { kind: 'user', id: 1 },
        { kind: 'group', id: 2 },
      ],
      negated: false,
    },
  );
  t.deepEqual(compileVtql('SELECT * FROM Contacts WHERE assigned_user_id = 4;').where, {
    kind: 'owner',
    owners: [
      { kind: 'user', id: 4 },
      { kind: 'group', id: 4 },
    ],
    negated: false,
  });
  fails(
    t,
    "SELECT * FROM Contacts WHERE assigned_user_id = '11x1';",
    'invalid_input',
    'Id specified is incorrect',
  );
  fails(
    t,
    "SELECT * FROM Contacts WHERE assigned_user_id > '19x1';",
    'invalid_input',
    /assigned_user_id/,
  );
  fails(
    t,
    "SELECT * FROM Contacts WHERE assigned_user_id LIKE '19x%';",
    'invalid_input',
    /LIKE cannot be used/,
  );
});

test('LIMIT: default and cap maxRows (100 vtiger, 1000 vtenext), offset kept', (t) => {
  const page = (q: string, maxRows?: number): [number, number] => {
    const c = compileVtql(q, maxRows ? { maxRows } : {});
    return [c.offset, c.limit];
  };
  t.deepEqual(page('SELECT * FROM Contacts;'), [0, 100]);
  t.deepEqual(page('SELECT * FROM Contacts LIMIT 5;'), [0, 5]);
  t.deepEqual(page('SELECT * FROM Contacts LIMIT 500;'), [0, 100]);
  t.deepEqual(page('SELECT * FROM Contacts LIMIT 200, 500;'), [200, 100]);
  t.deepEqual(page('SELECT * FROM Contacts;', VTENEXT_MAX_ROWS), [0, 1000]);
  t.deepEqual(page('SELECT * FROM Contacts LIMIT 0, 1000;', VTENEXT_MAX_ROWS), [0, 1000]);
  t.deepEqual(page('SELECT * FROM Contacts LIMIT 5000;', VTENEXT_MAX_ROWS), [0, 1000]);
});

test('count(*), ORDER BY, value lists and the extensions switch', (t) => {
  const c = compileVtql("SELECT count(*) FROM Accounts WHERE industry = 'Banking';");
  t.true(c.count);
  t.deepEqual(compileVtql('SELECT * FROM Contacts ORDER BY lastname, firstname DESC;').orderBy, [
    { field: 'lastname', direction: 'asc' },
    { field: 'firstname', direction: 'desc' },
  ]);
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE lastname = 'a', 'b';").where, {
    kind: 'in',
    field: 'lastname',
    values: ['a', 'b'],
    negated: false,
  });
  t.deepEqual(compileVtql("SELECT * FROM Contacts WHERE lastname LIKE 'a%', 'b%';").where, {
    kind: 'or',
    items: [
      { kind: 'compare', field: 'lastname', op: 'like', value: 'a%' },
      { kind: 'compare', field: 'lastname', op: 'like', value: 'b%' },
    ],
  });
  t.deepEqual(compileVtql('SELECT * FROM Contacts WHERE NOT email IS NULL;').where, {
    kind: 'not',
    item: { kind: 'null', field: 'email', negated: false },
  });
  t.throws(
    () => compileVtql('SELECT * FROM Contacts WHERE lastname <> 1;', { extensions: false }),
    { instanceOf: VtqlSyntaxError },
  );
  t.throws(
    () => compileVtql('SELECT * FROM Contacts WHERE lastname IS NULL;', { extensions: false }),
    { instanceOf: VtqlSyntaxError },
  );
});

test('decodeLenient: escape() and encodeURIComponent queries decode, plain ones stay', (t) => {
  const query = "SELECT * FROM Contacts WHERE lastname = 'Müller' OR lastname = '東京';";
  t.is(decodeLenient(escape(query)), query);
  t.is(decodeLenient(encodeURIComponent(query)), query);
  t.is(
    decodeLenient(escape("SELECT * FROM Contacts WHERE lastname LIKE '%50%';")),
    "SELECT * FROM Contacts WHERE lastname LIKE '%50%';",
  );
  t.is(
    decodeLenient("SELECT * FROM Contacts WHERE lastname = 'M%u00FCller';"),
    "SELECT * FROM Contacts WHERE lastname = 'Müller';",
  );
  for (const plain of [
    "SELECT * FROM Contacts WHERE lastname LIKE '%ab%';",
    "SELECT * FROM Contacts WHERE lastname LIKE '%ab';",
    "SELECT * FROM Contacts WHERE lastname = 'Müller';",
    '100%',
    '',
  ]) {
    t.is(decodeLenient(plain), plain);
  }
  t.is(decodeLenient('%2525'), '%25', 'decodes once');
  t.is(decodeLenient('%uD83D%uDE00'), '😀');
});
