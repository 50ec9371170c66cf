// freebusy (gateway extension, README "Exchange bridge"): the busy times of CRM users in a window,
// their CRM Events merged with their linked Exchange mailbox's free/busy. Parameters: `start` and
// `end` (ISO 8601 instants), `users` (comma-separated user names; the caller when absent).
import { GatewayError } from '../../../store/errors.js';
import { callerOf, type OpContext } from '../deps.js';
import { text } from '../params.js';

const MAX_USERS = 50;

function instant(value: string, name: string): number {
  const ms = Date.parse(value);
  if (value === '' || Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw new GatewayError(
      'invalid_input',
      `${name}: expected an ISO 8601 instant such as 2027-03-01T08:00:00Z`,
    );
  return ms;
}

export async function freeBusyOp(ctx: OpContext): Promise<unknown> {
  const caller = callerOf(ctx);
  const source = ctx.deps.freeBusy;
  if (!source) throw new GatewayError('unsupported', 'free/busy is not available on this gateway');
  const startMs = instant(text(ctx.params, 'start'), 'start');
  const endMs = instant(text(ctx.params, 'end'), 'end');
  const names = text(ctx.params, 'users')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length > MAX_USERS)
    throw new GatewayError('invalid_input', `users: at most ${MAX_USERS}`);
  const ids: number[] = [];
  for (const name of names.length > 0 ? names : [caller.user.userName]) {
    const user = await ctx.deps.store.users.findByUserName(name);
    if (!user) throw new GatewayError('not_found', `User ${name} does not exist`);
    ids.push(user.id);
  }
  const found = await source(ids, startMs, endMs);
  return found.map((u) => ({
    user: u.userName,
    exchange: u.exchange,
    busy: u.busy.map((b) => ({
      start: new Date(b.startMs).toISOString(),
      end: new Date(b.endMs).toISOString(),
    })),
  }));
}
