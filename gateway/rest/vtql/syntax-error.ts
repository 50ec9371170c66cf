// VTQL syntax errors in vtiger's words (gateway/rest/README.md §3 "Parse errors":
// QUERY_SYNTAX_ERROR "Syntax Error on line N: token 'X' Unexpected NAME(X), expected one of: A,B"),
// plus the column, which vtiger never told (§8 "cryptic lexer errors").
import { GatewayError } from '../../../store/errors.js';

export interface SyntaxErrorPosition {
  readonly line: number;
  readonly column: number;
  /** The offending token's source text ('' at the end of the query). */
  readonly token: string;
  /** Token kind as named in the message: NAME, STRING, NUMBER, a keyword, END, INVALID ... */
  readonly kind: string;
  readonly expected: readonly string[];
  readonly hint?: string;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export class VtqlSyntaxError extends GatewayError {
  readonly line: number;
  readonly column: number;
  readonly token: string;
  readonly expected: readonly string[];

  constructor(at: SyntaxErrorPosition) {
    const token = shorten(at.token);
    const hint = at.hint ? ` (${at.hint})` : '';
    super(
      'invalid_input',
      `Syntax Error on line ${at.line}, column ${at.column}: token '${token}' Unexpected ${at.kind}(${token}), expected one of: ${at.expected.join(',')}${hint}`,
      { ws: { code: 'QUERY_SYNTAX_ERROR' } },
    );
    this.line = at.line;
    this.column = at.column;
    this.token = at.token;
    this.expected = at.expected;
  }
}
