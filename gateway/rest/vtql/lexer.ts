// VTQL lexer (gateway/rest/README.md §3, VTQL_Lexer.plex): keywords case-insensitive, \w+ words,
// single-quoted strings with '' for a quote, signed integers, the comparison operators and
// ( ) , * ;. Also decimals (vtiger: "Unexpected input" → INTERNAL_SERVER_ERROR on `3.5`) and,
// with extensions, NOT IS NULL, `<>` and the empty string ''. Input the lexer cannot read
// becomes an INVALID token, so that the parser reports it with line, column and what it
// expected instead of failing generically (§8).

export const BASE_KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'LIMIT',
  'IN',
  'LIKE',
  'COUNT',
] as const;
export const EXTENSION_KEYWORDS = ['NOT', 'IS', 'NULL'] as const;

export type Keyword = (typeof BASE_KEYWORDS)[number] | (typeof EXTENSION_KEYWORDS)[number];
export type Punctuation =
  | 'EQ'
  | 'NE'
  | 'LT'
  | 'GT'
  | 'LTE'
  | 'GTE'
  | 'PARENOPEN'
  | 'PARENCLOSE'
  | 'COMMA'
  | 'ASTERISK'
  | 'SEMICOLON';
export type TokenKind = Keyword | Punctuation | 'NAME' | 'STRING' | 'NUMBER' | 'END' | 'INVALID';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** The value: a string's content with '' unescaped, else the source text. */
  readonly value: string;
  readonly line: number;
  readonly column: number;
  /** Why an INVALID token could not be read. */
  readonly hint?: string;
}

export interface LexOptions {
  readonly extensions: boolean;
}

const WORD = /[A-Za-z0-9_]+/y;
const NUMBER = /[+-]?\d+(?:\.\d+)?(?![A-Za-z0-9_])/y;
const SPACE = /\s+/y;

// Longest operators first, so that `<=` is not read as `<` `=`.
const OPERATORS: readonly (readonly [string, Punctuation])[] = [
  ['<=', 'LTE'],
  ['>=', 'GTE'],
  ['!=', 'NE'],
  ['<>', 'NE'],
  ['=', 'EQ'],
  ['<', 'LT'],
  ['>', 'GT'],
  ['(', 'PARENOPEN'],
  [')', 'PARENCLOSE'],
  [',', 'COMMA'],
  ['*', 'ASTERISK'],
  [';', 'SEMICOLON'],
];

function keywordOf(word: string, extensions: boolean): Keyword | null {
  const upper = word.toUpperCase();
  if ((BASE_KEYWORDS as readonly string[]).includes(upper)) return upper as Keyword;
  if (extensions && (EXTENSION_KEYWORDS as readonly string[]).includes(upper))
    return upper as Keyword;
  return null;
}

function match(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? null;
}

/** A quoted string from `at` (the opening quote): its source length and value, or null if unterminated. */
function readString(text: string, at: number): { length: number; value: string } | null {
  let value = '';
  let i = at + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "'") {
      if (text[i + 1] !== "'") return { length: i + 1 - at, value };
      value += "'";
      i += 2;
    } else {
      value += ch;
      i += 1;
    }
  }
  return null;
}

class Cursor {
  line = 1;
  lineStart = 0;
  constructor(readonly text: string) {}

  columnOf(offset: number): number {
    return offset - this.lineStart + 1;
  }

  /** Moves past `text[from, to)`, counting newlines. */
  advance(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (this.text[i] === '\n') {
        this.line += 1;
        this.lineStart = i + 1;
      }
    }
  }
}

function invalidToken(cur: Cursor, at: number, text: string, hint: string): Token {
  return { kind: 'INVALID', text, value: text, line: cur.line, column: cur.columnOf(at), hint };
}

function stringToken(cur: Cursor, at: number, options: LexOptions): Token {
  const { text } = cur;
  const read = readString(text, at);
  if (!read) return invalidToken(cur, at, text.slice(at), 'unterminated string');
  const source = text.slice(at, at + read.length);
  if (read.value === '' && !options.extensions)
    return invalidToken(cur, at, source, "the empty string '' needs the VTQL extensions");
  return {
    kind: 'STRING',
    text: source,
    value: read.value,
    line: cur.line,
    column: cur.columnOf(at),
  };
}

function nextToken(cur: Cursor, at: number, options: LexOptions): Token {
  const { text } = cur;
  const make = (kind: TokenKind, source: string): Token => ({
    kind,
    text: source,
    value: source,
    line: cur.line,
    column: cur.columnOf(at),
  });
  const ch = text[at] as string;
  if (ch === "'") return stringToken(cur, at, options);
  const number = match(NUMBER, text, at);
  if (number !== null) return make('NUMBER', number);
  const word = match(WORD, text, at);
  if (word !== null) return make(keywordOf(word, options.extensions) ?? 'NAME', word);
  for (const [op, kind] of OPERATORS) {
    if (!text.startsWith(op, at)) continue;
    // Without extensions `<>` is vtiger's `<` `>`, a syntax error at the `>` (§3).
    if (op === '<>' && !options.extensions) continue;
    return make(kind, op);
  }
  if (ch === '"') return invalidToken(cur, at, ch, 'strings take single quotes');
  return invalidToken(cur, at, String.fromCodePoint(text.codePointAt(at) ?? 0), 'not part of VTQL');
}

/** Every token of `text`, ending with END; an INVALID token ends the list early. */
export function tokenize(text: string, options: LexOptions = { extensions: true }): Token[] {
  const cur = new Cursor(text);
  const tokens: Token[] = [];
  let at = 0;
  for (;;) {
    const space = match(SPACE, text, at);
    if (space !== null) {
      cur.advance(at, at + space.length);
      at += space.length;
    }
    if (at >= text.length) break;
    const token = nextToken(cur, at, options);
    tokens.push(token);
    if (token.kind === 'INVALID') return tokens;
    cur.advance(at, at + token.text.length);
    at += token.text.length;
  }
  tokens.push({ kind: 'END', text: '', value: '', line: cur.line, column: cur.columnOf(at) });
  return tokens;
}
