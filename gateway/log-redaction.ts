// What a logged error may show. knex prefixes a failed statement's error message with the SQL,
// its bound values pasted in (knex/lib/execution/internal/query-executioner.js, formatQuery), so
// a failing query with a long IN list of names or e-mail addresses would put all of them, megabytes
// at worst, in the log. Quoted literals become `?` and the message is cut short
// (gateway/rest/README.md §3 "Value lists"); the stack keeps its frames with the same message.
import { pino } from 'pino';

export const MAX_LOGGED_MESSAGE = 500;
const MAX_LOGGED_STACK = 4000;

/** SQL string literals ('…' with '' escapes, "…" with "" escapes) → '?'. */
const QUOTED = /'(?:[^']|'')*'|"(?:[^"]|"")*"/g;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

export function redactMessage(message: string): string {
  return cut(message.replace(QUOTED, "'?'"), MAX_LOGGED_MESSAGE);
}

type SerializedError = ReturnType<typeof pino.stdSerializers.err>;

/** pino's error serializer, then the message and stack redacted and capped. */
export function serializeError(err: Error): SerializedError {
  const out = pino.stdSerializers.err(err);
  const message = typeof out.message === 'string' ? out.message : '';
  const redacted = redactMessage(message);
  if (typeof out.stack === 'string') {
    const stack = message !== '' ? out.stack.split(message).join(redacted) : out.stack;
    out.stack = cut(stack.replace(QUOTED, "'?'"), MAX_LOGGED_STACK);
  }
  out.message = redacted;
  return out;
}
