// VTQL lexer and parser (gateway/rest/README.md §3 grammar, §8 extensions): an accept table
// rendered back to a canonical form, and a reject table whose errors must name line, column, token
// and the expected tokens, in vtiger's QUERY_SYNTAX_ERROR words.
import test from 'ava';
import type { Literal, VtqlQuery, WhereNode } from '../../../gateway/rest/vtql/ast.js';
import { tokenize } from '../../../gateway/rest/vtql/lexer.js';
import { parseVtql } from '../../../gateway/rest/vtql/parser.js';
import { VtqlSyntaxError } from '../../../gateway/rest/vtql/syntax-error.js';
import { GatewayError } from '../../../store/errors.js';

function lit(v: Literal): string {
  return v.kind === 'string' ? `'${v.value}'` : v.kind === 'number' ? `#${v.value}` : v.value;
}

function where(n: WhereNode): string {
  switch (n.kind) {
    case 'and':
    case 'or':
      return `(${n.items.map(where).join(` ${n.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${where(n.item)}`;
    case 'compare':
      return `${n.field.name} ${n.op} ${n.values.map(lit).join('|')}`;
    case 'in':
      return `${n.field.name} ${n.negated ? 'NOT IN' : 'IN'} [${n.values.map(lit).join(',')}]`;
    case 'null':
      return `${n.field.name} IS ${n.negated ? 'NOT ' : ''}NULL`;
  }
}

/** A canonical, compact rendering of a parsed query. */
function render(q: VtqlQuery): string {
  const sel =
    q.select.kind === 'all'
      ? '*'
      : q.select.kind === 'count'
        ? 'count(*)'
        : q.select.columns.map((c) => c.name).join(',');
  const parts = [`${sel} FROM ${q.module.name}`];
  if (q.where) parts.push(`WHERE ${where(q.where)}`);
  if (q.orderBy.length > 0)
    parts.push(`ORDER ${q.orderBy.map((o) => `${o.field.name} ${o.direction}`).join(', ')}`);
  if (q.limit) parts.push(`LIMIT ${q.limit.offset ?? '-'},${q.limit.count}`);
  return parts.join(' ');
}

const BASE = { extensions: false } as const;

const accept: readonly [string, string, { extensions: boolean }?][] = [
  ['SELECT * FROM Contacts;', '* FROM Contacts', BASE],
  ['select * from Contacts;', '* FROM Contacts', BASE],
  [
    "SeLeCt firstname, lastname FrOm Contacts WhErE lastname = 'Doe';",
    "firstname,lastname FROM Contacts WHERE lastname = 'Doe'",
    BASE,
  ],
  ['SELECT count(*) FROM Accounts;', 'count(*) FROM Accounts', BASE],
  [
    "SELECT COUNT( * ) FROM Accounts WHERE industry = 'Banking';",
    "count(*) FROM Accounts WHERE industry = 'Banking'",
    BASE,
  ],
  ['SELECT * FROM Products WHERE qtyinstock = 10;', '* FROM Products WHERE qtyinstock = #10', BASE],
  ['SELECT * FROM Products WHERE qtyinstock < 10;', '* FROM Products WHERE qtyinstock < #10', BASE],
  ['SELECT * FROM Products WHERE qtyinstock > 9;', '* FROM Products WHERE qtyinstock > #9', BASE],
  [
    'SELECT * FROM Products WHERE qtyinstock <= 10;',
    '* FROM Products WHERE qtyinstock <= #10',
    BASE,
  ],
  [
    'SELECT * FROM Products WHERE qtyinstock >= 10;',
    '* FROM Products WHERE qtyinstock >= #10',
    BASE,
  ],
  [
    'SELECT * FROM Products WHERE qtyinstock != 10;',
    '* FROM Products WHERE qtyinstock != #10',
    BASE,
  ],
  ['SELECT * FROM Products WHERE qtyinstock <> 10;', '* FROM Products WHERE qtyinstock != #10'],
  [
    "SELECT * FROM Contacts WHERE id IN ('12x1', '12x2');",
    "* FROM Contacts WHERE id IN ['12x1','12x2']",
    BASE,
  ],
  [
    'SELECT * FROM Contacts WHERE id IN 12x1, 12x2;',
    '* FROM Contacts WHERE id IN [12x1,12x2]',
    BASE,
  ],
  [
    "SELECT * FROM Contacts WHERE lastname LIKE '%son%';",
    "* FROM Contacts WHERE lastname like '%son%'",
    BASE,
  ],
  [
    "SELECT * FROM Contacts WHERE lastname NOT LIKE 'A_a%';",
    "* FROM Contacts WHERE lastname not like 'A_a%'",
  ],
  [
    "SELECT * FROM Contacts WHERE lastname not in ('a', 'b');",
    "* FROM Contacts WHERE lastname NOT IN ['a','b']",
  ],
  ['SELECT * FROM Contacts WHERE account_id IS NULL;', '* FROM Contacts WHERE account_id IS NULL'],
  ['SELECT * FROM Contacts WHERE email is not null;', '* FROM Contacts WHERE email IS NOT NULL'],
  [
    'SELECT * FROM Contacts WHERE a = 1 OR b = 2 AND c = 3;',
    '* FROM Contacts WHERE (a = #1 OR (b = #2 AND c = #3))',
    BASE,
  ],
  [
    'SELECT * FROM Contacts WHERE a = 1 AND b = 2 OR c = 3;',
    '* FROM Contacts WHERE ((a = #1 AND b = #2) OR c = #3)',
    BASE,
  ],
  [
    'SELECT * FROM Contacts WHERE (a = 1 OR b = 2) AND c = 3;',
    '* FROM Contacts WHERE ((a = #1 OR b = #2) AND c = #3)',
  ],
  [
    "SELECT * FROM Contacts WHERE NOT (a = 1 OR b LIKE 'x%');",
    "* FROM Contacts WHERE NOT (a = #1 OR b like 'x%')",
  ],
  ['SELECT * FROM Contacts WHERE ((a = 1));', '* FROM Contacts WHERE a = #1'],
  ['SELECT * FROM Contacts ORDER BY lastname;', '* FROM Contacts ORDER lastname asc', BASE],
  [
    'SELECT * FROM Contacts ORDER BY lastname, firstname DESC;',
    '* FROM Contacts ORDER lastname asc, firstname desc',
    BASE,
  ],
  ['SELECT * FROM Contacts order by lastname asc;', '* FROM Contacts ORDER lastname asc', BASE],
  [
    'SELECT * FROM Contacts ORDER BY lastname DESC, firstname ASC, id;',
    '* FROM Contacts ORDER lastname desc, firstname asc, id asc',
  ],
  ['SELECT * FROM Contacts LIMIT 10;', '* FROM Contacts LIMIT -,10', BASE],
  ['SELECT * FROM Contacts LIMIT 100, 100;', '* FROM Contacts LIMIT 100,100', BASE],
  [
    "SELECT id, lastname FROM Contacts WHERE lastname LIKE 'A%' ORDER BY lastname DESC LIMIT 5, 10;",
    "id,lastname FROM Contacts WHERE lastname like 'A%' ORDER lastname desc LIMIT 5,10",
    BASE,
  ],
  [
    "SELECT * FROM Contacts WHERE lastname = 'O''Brien';",
    "* FROM Contacts WHERE lastname = 'O'Brien'",
    BASE,
  ],
  ["SELECT * FROM Contacts WHERE lastname = '''';", "* FROM Contacts WHERE lastname = '''", BASE],
  [
    "SELECT * FROM Contacts WHERE lastname = 'Müller' OR lastname = '東京' OR lastname = '😀';",
    "* FROM Contacts WHERE (lastname = 'Müller' OR lastname = '東京' OR lastname = '😀')",
    BASE,
  ],
  ["SELECT * FROM Contacts WHERE title = '';", "* FROM Contacts WHERE title = ''"],
  [
    'SELECT * FROM Products WHERE qtyinstock > 3.5 AND weight < -2 AND reorderlevel = +7;',
    '* FROM Products WHERE (qtyinstock > #3.5 AND weight < #-2 AND reorderlevel = #+7)',
    BASE,
  ],
  [
    "SELECT\n\tfirstname,\n\tlastname\nFROM Contacts\r\nWHERE lastname = 'x'\n;",
    "firstname,lastname FROM Contacts WHERE lastname = 'x'",
    BASE,
  ],
  [
    'SELECT * FROM SalesOrder WHERE sostatus = Created AND id = 6x5;',
    '* FROM SalesOrder WHERE (sostatus = Created AND id = 6x5)',
    BASE,
  ],
  ['SELECT * FROM Contacts   ;   ', '* FROM Contacts', BASE],
  ['SELECT * FROM Contacts WHERE lastname = a, b;', '* FROM Contacts WHERE lastname = a|b', BASE],
  [
    "SELECT * FROM Contacts WHERE modifiedtime > '2019-02-01';",
    "* FROM Contacts WHERE modifiedtime > '2019-02-01'",
    BASE,
  ],
  [
    "SELECT * FROM Contacts WHERE lastname = 'SELECT * FROM x; --';",
    "* FROM Contacts WHERE lastname = 'SELECT * FROM x; --'",
    BASE,
  ],
];

for (const [query, expected, options] of accept) {
  test(`accepts ${JSON.stringify(query)}${options?.extensions === false ? ' (plain vtiger too)' : ''}`, (t) => {
    t.is(render(parseVtql(query)), expected);
    if (options?.extensions === false) t.is(render(parseVtql(query, BASE)), expected);
  });
}

interface Rejection {
  readonly query: string;
  readonly options?: { extensions: boolean };
  readonly line?: number;
  readonly column: number;
  readonly token: string;
  readonly kind: string;
  readonly expected: readonly string[];
}

const reject: readonly Rejection[] = [
  { query: 'SELECT * FROM Contacts', column: 23, token: '', kind: 'END', expected: ['SEMICOLON'] },
  {
    query: "SELECT * FROM Contacts WHERE lastname = 'x'",
    column: 44,
    token: '',
    kind: 'END',
    expected: ['SEMICOLON', 'AND', 'OR'],
  },
  { query: 'SELECT * Contacts;', column: 10, token: 'Contacts', kind: 'NAME', expected: ['FROM'] },
  { query: 'SELECT * FROM Contacts; x', column: 25, token: 'x', kind: 'NAME', expected: ['END'] },
  {
    query: "SELECT * FROM Contacts WHERE lastname = 'abc;",
    column: 41,
    token: "'abc;",
    kind: 'INVALID',
    expected: ['VALUE'],
  },
  {
    query: 'SELECT * FROM Products LIMIT 3.5;',
    column: 30,
    token: '3.5',
    kind: 'NUMBER',
    expected: ['VALUE'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE lastname = "Doe";',
    column: 41,
    token: '"',
    kind: 'INVALID',
    expected: ['VALUE'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE lastname <> 1;',
    options: BASE,
    column: 40,
    token: '>',
    kind: 'GT',
    expected: ['VALUE', 'PARENOPEN'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE ORDER BY lastname;',
    column: 30,
    token: 'ORDER',
    kind: 'ORDER',
    expected: ['COLUMNNAME'],
  },
  {
    query: 'SELECT * FROM Contacts ORDER BY;',
    column: 32,
    token: ';',
    kind: 'SEMICOLON',
    expected: ['COLUMNNAME'],
  },
  {
    query: 'SELECT FROM Contacts;',
    column: 8,
    token: 'FROM',
    kind: 'FROM',
    expected: ['ASTERISK', 'COUNT', 'COLUMNNAME'],
  },
  {
    query: 'SELECT * FROM Contacts ORDER lastname;',
    column: 30,
    token: 'lastname',
    kind: 'NAME',
    expected: ['BY'],
  },
  {
    query: 'SELECT * FROM Contacts LIMIT 1, 2, 3;',
    column: 34,
    token: ',',
    kind: 'COMMA',
    expected: ['SEMICOLON'],
  },
  {
    query: "SELECT * FROM Contacts WHERE lastname = 'x'; DROP TABLE users; --';",
    column: 46,
    token: 'DROP',
    kind: 'NAME',
    expected: ['END'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE 1=1 OR;',
    column: 30,
    token: '1',
    kind: 'NUMBER',
    expected: ['COLUMNNAME'],
  },
  {
    query: "SELECT * FROM Contacts WHERE lastname = 'x' OR;",
    column: 47,
    token: ';',
    kind: 'SEMICOLON',
    expected: ['COLUMNNAME'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE id = 1 UNION SELECT * FROM Users;',
    column: 37,
    token: 'UNION',
    kind: 'NAME',
    expected: ['SEMICOLON', 'AND', 'OR', 'ORDER', 'LIMIT'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE (a = 1 OR b = 2);',
    options: BASE,
    column: 30,
    token: '(',
    kind: 'PARENOPEN',
    expected: ['COLUMNNAME'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE lastname IS NULL;',
    options: BASE,
    column: 39,
    token: 'IS',
    kind: 'NAME',
    expected: ['EQ', 'IN', 'LIKE'],
  },
  {
    query: "SELECT * FROM Contacts WHERE lastname NOT LIKE 'x';",
    options: BASE,
    column: 39,
    token: 'NOT',
    kind: 'NAME',
    expected: ['EQ', 'LIKE'],
  },
  {
    query: "SELECT * FROM Contacts WHERE title = '';",
    options: BASE,
    column: 38,
    token: "''",
    kind: 'INVALID',
    expected: ['VALUE'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE (a = 1 OR b = 2;',
    column: 45,
    token: ';',
    kind: 'SEMICOLON',
    expected: ['PARENCLOSE', 'AND', 'OR'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE a = 1);',
    column: 35,
    token: ')',
    kind: 'PARENCLOSE',
    expected: ['SEMICOLON'],
  },
  { query: 'SELECT * FROM ;', column: 15, token: ';', kind: 'SEMICOLON', expected: ['TABLENAME'] },
  {
    query: 'SELECT *, firstname FROM Contacts;',
    column: 9,
    token: ',',
    kind: 'COMMA',
    expected: ['FROM'],
  },
  {
    query: 'SELECT count(firstname) FROM Contacts;',
    column: 14,
    token: 'firstname',
    kind: 'NAME',
    expected: ['ASTERISK'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE lastname = ;',
    column: 41,
    token: ';',
    kind: 'SEMICOLON',
    expected: ['VALUE'],
  },
  {
    query: "SELECT * FROM Contacts WHERE lastname 'x';",
    column: 39,
    token: "'x'",
    kind: 'STRING',
    expected: ['EQ', 'NE', 'LIKE', 'IN', 'IS'],
  },
  {
    query: 'SELECT * FROM Contacts LIMIT -1;',
    column: 30,
    token: '-1',
    kind: 'NUMBER',
    expected: ['VALUE'],
  },
  {
    query: 'SELECT * FROM Contacts LIMIT ;',
    column: 30,
    token: ';',
    kind: 'SEMICOLON',
    expected: ['VALUE'],
  },
  {
    query: "SELECT *\nFROM Contacts\nWHERE lastname = 'x' AND AND b = 1;",
    line: 3,
    column: 26,
    token: 'AND',
    kind: 'AND',
    expected: ['COLUMNNAME'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE lastname LIKE %abc%;',
    column: 44,
    token: '%',
    kind: 'INVALID',
    expected: ['VALUE'],
  },
  {
    query: 'SELECT * FROM Contacts WHERE Contacts.lastname = 1;',
    column: 38,
    token: '.',
    kind: 'INVALID',
    expected: ['EQ'],
  },
  {
    query: 'SELECT * FROM Contacts ORDER BY lastname DESC, firstname;',
    options: BASE,
    column: 46,
    token: ',',
    kind: 'COMMA',
    expected: ['SEMICOLON', 'LIMIT'],
  },
  { query: '', column: 1, token: '', kind: 'END', expected: ['SELECT'] },
  {
    query: 'SELECT * FROM Contacts; -- comment',
    column: 25,
    token: '-',
    kind: 'INVALID',
    expected: ['END'],
  },
  {
    query: 'DELETE FROM Contacts;',
    column: 1,
    token: 'DELETE',
    kind: 'NAME',
    expected: ['SELECT'],
  },
  {
    query: `SELECT * FROM Contacts WHERE ${'('.repeat(80)}a = 1${')'.repeat(80)};`,
    column: 94,
    token: '(',
    kind: 'PARENOPEN',
    expected: ['COLUMNNAME'],
  },
];

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

for (const r of reject) {
  test(`rejects ${JSON.stringify(r.query.slice(0, 70))}${r.options ? ' without extensions' : ''}`, (t) => {
    const err = t.throws(() => parseVtql(r.query, r.options), { instanceOf: VtqlSyntaxError });
    if (!err) return;
    t.true(err instanceof GatewayError);
    t.is(err.kind, 'invalid_input');
    t.is(err.details.ws?.code, 'QUERY_SYNTAX_ERROR');
    t.is(err.line, r.line ?? 1);
    t.is(err.column, r.column);
    t.is(err.token, r.token);
    const head = `Syntax Error on line ${r.line ?? 1}, column ${r.column}: token '${r.token}' Unexpected ${r.kind}(${r.token}), expected one of: `;
    t.regex(err.message, new RegExp(`^${escapeRe(head)}`));
    const listed = err.message.slice(head.length).split(' ')[0]?.split(',') ?? [];
    for (const name of r.expected) t.true(listed.includes(name), `${name} in ${err.message}`);
  });
}

test('a missing semicolon reads as vtiger does: expected one of: SEMICOLON first', (t) => {
  const err = t.throws(() => parseVtql('SELECT * FROM Contacts WHERE a = 1 ORDER BY a'), {
    instanceOf: VtqlSyntaxError,
  });
  t.regex(err?.message ?? '', /expected one of: SEMICOLON,/);
});

test('lexer: positions, keywords, strings and extension switches', (t) => {
  const tokens = tokenize("select\n  Name <> 'it''s' 12x5 -3.25;");
  t.deepEqual(
    tokens.map((x) => [x.kind, x.value, x.line, x.column]),
    [
      ['SELECT', 'select', 1, 1],
      ['NAME', 'Name', 2, 3],
      ['NE', '<>', 2, 8],
      ['STRING', "it's", 2, 11],
      ['NAME', '12x5', 2, 19],
      ['NUMBER', '-3.25', 2, 24],
      ['SEMICOLON', ';', 2, 29],
      ['END', '', 2, 30],
    ],
  );
  t.deepEqual(
    tokenize('not is null <>', { extensions: false }).map((x) => x.kind),
    ['NAME', 'NAME', 'NAME', 'LT', 'GT', 'END'],
  );
  t.deepEqual(
    tokenize('NOT Is NULL', { extensions: true }).map((x) => x.kind),
    ['NOT', 'IS', 'NULL', 'END'],
  );
  t.deepEqual(
    tokenize("''", { extensions: true }).map((x) => [x.kind, x.value]),
    [
      ['STRING', ''],
      ['END', ''],
    ],
  );
  t.is(tokenize("''", { extensions: false })[0]?.kind, 'INVALID');
});
