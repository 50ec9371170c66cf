// The VTQL syntax tree (gateway/rest/README.md §3 grammar, plus the §8 extensions: parentheses,
// NOT, IS [NOT] NULL, NOT IN, NOT LIKE). Names keep their source position for error messages.

export interface Located {
  readonly line: number;
  readonly column: number;
}

/** A module or field name as written (names are case-sensitive, §3). */
export interface Identifier extends Located {
  readonly name: string;
}

/** A value: a quoted string (unescaped), a number, or an unquoted word such as 12x5. */
export interface Literal extends Located {
  readonly kind: 'string' | 'number' | 'word';
  readonly value: string;
}

export type SelectList =
  | { readonly kind: 'all' }
  | { readonly kind: 'count' }
  | { readonly kind: 'columns'; readonly columns: readonly Identifier[] };

export type ComparisonOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like' | 'not like';

export type WhereNode =
  | { readonly kind: 'and' | 'or'; readonly items: readonly WhereNode[] }
  | { readonly kind: 'not'; readonly item: WhereNode }
  /** The grammar lets every operator take a value list (`a = 1, 2`); most take one value. */
  | {
      readonly kind: 'compare';
      readonly field: Identifier;
      readonly op: ComparisonOp;
      readonly values: readonly Literal[];
    }
  | {
      readonly kind: 'in';
      readonly field: Identifier;
      readonly values: readonly Literal[];
      readonly negated: boolean;
    }
  | { readonly kind: 'null'; readonly field: Identifier; readonly negated: boolean };

export interface OrderItem {
  readonly field: Identifier;
  readonly direction: 'asc' | 'desc';
}

/** `LIMIT n` → offset null; `LIMIT off, n`. */
export interface LimitClause {
  readonly offset: number | null;
  readonly count: number;
}

export interface VtqlQuery {
  readonly select: SelectList;
  readonly module: Identifier;
  readonly where: WhereNode | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: LimitClause | null;
}
