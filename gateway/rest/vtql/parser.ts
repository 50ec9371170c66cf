// VTQL parser: recursive descent over vtiger's Lemon grammar (gateway/rest/README.md §3,
// VTQL_parser.y):
//   SELECT (* | COUNT(*) | col, ...) FROM module [WHERE condition] [ORDER BY col, ... [ASC|DESC]]
//   [LIMIT [offset,] count] ;
// vtiger pastes the WHERE text into SQL, so AND binds tighter than OR; the tree says so.
// Extensions (§8, on by default, `extensions: false` for vtiger's grammar only): parentheses,
// NOT, IS [NOT] NULL, NOT IN, NOT LIKE, `<>` and '' (in the lexer), and ASC/DESC after every
// ORDER BY column. Errors name line, column, token and the expected tokens.
import type {
  ComparisonOp,
  Identifier,
  LimitClause,
  Literal,
  OrderItem,
  SelectList,
  VtqlQuery,
  WhereNode,
} from './ast.js';
import { GatewayError } from '../../../store/errors.js';
import { tokenize, type Token, type TokenKind } from './lexer.js';
import { VtqlSyntaxError } from './syntax-error.js';

export interface ParseOptions {
  readonly extensions?: boolean;
}

const MAX_DEPTH = 64;

const COMPARISONS: Partial<Record<TokenKind, ComparisonOp>> = {
  EQ: '=',
  NE: '!=',
  LT: '<',
  GT: '>',
  LTE: '<=',
  GTE: '>=',
  LIKE: 'like',
};
const OPERATOR_NAMES = ['EQ', 'LT', 'GT', 'LTE', 'GTE', 'NE', 'IN', 'LIKE'];
const CLAUSES = ['WHERE', 'ORDER', 'LIMIT'] as const;
type Clause = (typeof CLAUSES)[number];

/**
 * The most values (IN lists and comparisons together) one query may name. Every value is a bound
 * parameter, and a statement binds at most 32766 in SQLite (sqlite.org/limits.html §9,
 * SQLITE_MAX_VARIABLE_NUMBER) and 65535 in PostgreSQL; visibility and paging add their own, so
 * the cap leaves room (gateway/rest/README.md §3 "Value lists").
 */
export const MAX_QUERY_VALUES = 10_000;

/** vtiger's code for a query it refuses; too_large lets vtenext's path answer 413, not 500. */
function tooManyValues(at: Token): GatewayError {
  return new GatewayError(
    'too_large',
    `Too many values on line ${at.line}, column ${at.column}: a query may name at most ${MAX_QUERY_VALUES} values; split the list over several queries`,
    { ws: { code: 'QUERY_SYNTAX_ERROR' } },
  );
}

class Parser {
  private pos = 0;
  private depth = 0;
  private values = 0;
  /** Tokens that could have continued the construct just read (for "expected one of"). */
  private continuation: string[] = [];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly extensions: boolean,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private accept(kind: TokenKind): Token | null {
    const token = this.peek();
    if (token.kind !== kind) return null;
    this.pos += 1;
    return token;
  }

  private fail(expected: readonly string[], hint?: string): never {
    const t = this.peek();
    const why = hint ?? t.hint;
    throw new VtqlSyntaxError({
      line: t.line,
      column: t.column,
      token: t.text,
      kind: t.kind,
      expected: [...new Set(expected)],
      ...(why ? { hint: why } : {}),
    });
  }

  private expect(kind: TokenKind, expected: readonly string[] = [kind]): Token {
    return this.accept(kind) ?? this.fail(expected);
  }

  private name(role: 'COLUMNNAME' | 'TABLENAME', alternatives: readonly string[] = []): Identifier {
    const t = this.accept('NAME') ?? this.fail([...alternatives, role]);
    return { name: t.value, line: t.line, column: t.column };
  }

  /** Clauses that may still follow, for the expected list. */
  private after(clause: Clause | 'FROM'): string[] {
    const rest = clause === 'FROM' ? [...CLAUSES] : CLAUSES.slice(CLAUSES.indexOf(clause) + 1);
    // SEMICOLON first: vtiger's LALR parser names only it here, and clients look for it (§3).
    return ['SEMICOLON', ...this.continuation, ...rest];
  }

  parseQuery(): VtqlQuery {
    this.expect('SELECT');
    const select = this.parseSelectList();
    this.expect('FROM', [...this.continuation, 'FROM']);
    const module = this.name('TABLENAME');
    this.continuation = [];
    let where: WhereNode | null = null;
    let orderBy: readonly OrderItem[] = [];
    let limit: LimitClause | null = null;
    if (this.accept('WHERE')) where = this.parseOr();
    if (this.accept('ORDER')) orderBy = this.parseOrder();
    if (this.accept('LIMIT')) limit = this.parseLimit();
    const last: Clause | 'FROM' = limit
      ? 'LIMIT'
      : orderBy.length > 0
        ? 'ORDER'
        : where
          ? 'WHERE'
          : 'FROM';
    this.expect('SEMICOLON', this.after(last));
    this.expect('END', ['END']);
    return { select, module, where, orderBy, limit };
  }

  private parseSelectList(): SelectList {
    if (this.accept('ASTERISK')) return { kind: 'all' };
    if (this.accept('COUNT')) {
      this.expect('PARENOPEN');
      this.expect('ASTERISK');
      this.expect('PARENCLOSE');
      return { kind: 'count' };
    }
    const columns = [this.name('COLUMNNAME', ['ASTERISK', 'COUNT'])];
    while (this.accept('COMMA')) columns.push(this.name('COLUMNNAME'));
    this.continuation = ['COMMA'];
    return { kind: 'columns', columns };
  }

  private parseOr(): WhereNode {
    const items = [this.parseAnd()];
    while (this.accept('OR')) items.push(this.parseAnd());
    this.continuation = [...this.continuation, 'AND', 'OR'];
    return items.length === 1 ? (items[0] as WhereNode) : { kind: 'or', items };
  }

  private parseAnd(): WhereNode {
    const items = [this.parseUnary()];
    while (this.accept('AND')) items.push(this.parseUnary());
    return items.length === 1 ? (items[0] as WhereNode) : { kind: 'and', items };
  }

  private parseUnary(): WhereNode {
    if (!this.extensions) return this.parseExpr();
    if (this.depth >= MAX_DEPTH)
      this.fail(['COLUMNNAME'], `conditions nest deeper than ${MAX_DEPTH}`);
    if (this.accept('NOT')) return this.nested(() => ({ kind: 'not', item: this.parseUnary() }));
    if (!this.accept('PARENOPEN')) return this.parseExpr();
    const node = this.nested(() => this.parseOr());
    this.expect('PARENCLOSE', [...this.continuation, 'PARENCLOSE']);
    this.continuation = [];
    return node;
  }

  private nested<T>(parse: () => T): T {
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private parseExpr(): WhereNode {
    const field = this.name('COLUMNNAME', this.extensions ? ['PARENOPEN', 'NOT'] : []);
    if (this.extensions && this.accept('IS')) {
      const negated = this.accept('NOT') !== null;
      this.expect('NULL', negated ? ['NULL'] : ['NOT', 'NULL']);
      this.continuation = [];
      return { kind: 'null', field, negated };
    }
    const negated = this.extensions && this.accept('NOT') !== null;
    if (this.accept('IN')) return { kind: 'in', field, values: this.parseValueList(), negated };
    if (negated) {
      this.expect('LIKE', ['IN', 'LIKE']);
      return { kind: 'compare', field, op: 'not like', values: this.parseValueList() };
    }
    const op =
      COMPARISONS[this.peek().kind] ??
      this.fail(this.extensions ? [...OPERATOR_NAMES, 'NOT', 'IS'] : OPERATOR_NAMES);
    this.pos += 1;
    return { kind: 'compare', field, op, values: this.parseValueList() };
  }

  private parseValueList(): Literal[] {
    const parenthesised = this.accept('PARENOPEN') !== null;
    const values = [this.parseValue(parenthesised ? [] : ['PARENOPEN'])];
    while (this.accept('COMMA')) values.push(this.parseValue([]));
    if (parenthesised) this.expect('PARENCLOSE', ['COMMA', 'PARENCLOSE']);
    this.continuation = parenthesised ? [] : ['COMMA'];
    return values;
  }

  private parseValue(alternatives: readonly string[]): Literal {
    const t = this.peek();
    const kind =
      t.kind === 'STRING'
        ? 'string'
        : t.kind === 'NUMBER'
          ? 'number'
          : t.kind === 'NAME'
            ? 'word'
            : null;
    if (!kind) this.fail(['VALUE', ...alternatives]);
    this.values += 1;
    if (this.values > MAX_QUERY_VALUES) throw tooManyValues(t);
    this.pos += 1;
    return { kind, value: t.value, line: t.line, column: t.column };
  }

  private parseOrder(): OrderItem[] {
    this.expect('BY');
    const items: OrderItem[] = [];
    let directed = false;
    for (;;) {
      const field = this.name('COLUMNNAME');
      const dir = this.accept('ASC') ?? this.accept('DESC');
      directed = dir !== null;
      items.push({ field, direction: dir?.kind === 'DESC' ? 'desc' : 'asc' });
      // vtiger takes one direction, after the last column (§3); one per column is an extension.
      if (directed && !this.extensions) break;
      if (!this.accept('COMMA')) break;
    }
    this.continuation = directed ? (this.extensions ? ['COMMA'] : []) : ['COMMA', 'ASC', 'DESC'];
    return items;
  }

  private parseLimit(): LimitClause {
    const first = this.limitValue();
    if (!this.accept('COMMA')) {
      this.continuation = ['COMMA'];
      return { offset: null, count: first };
    }
    const count = this.limitValue();
    this.continuation = [];
    return { offset: first, count };
  }

  private limitValue(): number {
    const t = this.peek();
    if (t.kind !== 'NUMBER') this.fail(['VALUE']);
    if (!/^\+?\d{1,15}$/.test(t.text)) this.fail(['VALUE'], 'LIMIT takes whole numbers ≥ 0');
    this.pos += 1;
    return Number(t.text);
  }
}

export function parseVtql(text: string, options: ParseOptions = {}): VtqlQuery {
  const extensions = options.extensions ?? true;
  return new Parser(tokenize(text, { extensions }), extensions).parseQuery();
}
