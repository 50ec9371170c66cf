// login (gateway/rest/README.md §2, Login.php): accessKey = md5(token + user's access key), lowercase hex.
// Any live challenge of the user may be used; the one used is consumed, a failed login
// consumes nothing. The proof is checked under the lockout every entry point shares
// (gateway/auth/authenticator.ts); this file words its answers as vtiger does, except that an
// unknown user name that was handed a decoy challenge (../decoy-challenges.ts) is refused as a
// wrong access key is, unless GATEWAY_VTIGER_STRICT_COMPAT asks for vtiger's exact answers.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { User } from '../../../store/types.js';
import type { OpContext } from '../deps.js';
import { hasDecoy } from '../decoy-challenges.js';
import { text } from '../params.js';
import { formatId, USERS_PREFIX } from '../ws-ids.js';
import { wsError } from '../ws-errors.js';

const INVALID_TOKEN = 'Specified token is invalid or expired';
const VTIGER_VERSION = '8.2.0';
const PURGE_EVERY_MS = 600_000;
let lastPurge = 0;

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function matchingToken(
  ctx: OpContext,
  user: User,
  accessKey: string,
): Promise<string | null> {
  const tokens = await ctx.deps.sessions.liveChallenges(user.id);
  if (tokens.length === 0) throw wsError('INVALID_AUTH_TOKEN', INVALID_TOKEN);
  if (user.accessKey === '')
    throw wsError('ACCESSKEY_UNDEFINED', 'Access key for the user is undefined');
  const given = accessKey.trim().toLowerCase();
  return (
    tokens.find((t) =>
      sameHex(
        createHash('md5')
          .update(t + user.accessKey)
          .digest('hex'),
        given,
      ),
    ) ?? null
  );
}

/** vtiger 8.x puts the user's profile before the session fields. */
function loginResult(user: User, sessionName: string): Record<string, string> {
  return {
    username: user.userName,
    first_name: user.firstName ?? '',
    last_name: user.lastName,
    email: user.email ?? '',
    time_zone: user.timeZone,
    hour_format: '24',
    date_format: 'yyyy-mm-dd',
    is_admin: user.isAdmin ? 'on' : 'off',
    call_duration: '5',
    other_event_duration: '5',
    sessionName,
    userId: formatId(USERS_PREFIX, user.id),
    version: '0.22',
    vtigerVersion: VTIGER_VERSION,
  };
}

export async function login(ctx: OpContext): Promise<unknown> {
  const username = text(ctx.params, 'username').trim();
  const user = username === '' ? null : await ctx.deps.store.users.findByUserName(username);
  if (!user) {
    if (!ctx.deps.limits.vtigerStrictCompat && hasDecoy(username))
      throw wsError('INVALID_USER_CREDENTIALS', 'Invalid username or password');
    throw wsError('INVALID_AUTH_TOKEN', INVALID_TOKEN);
  }
  const matched: { token: string | null } = { token: null };
  const result = await ctx.deps.authenticator.loginWithProof(user, ctx.ip, async (u) => {
    matched.token = await matchingToken(ctx, u, text(ctx.params, 'accessKey'));
    return matched.token !== null;
  });
  if (!result.ok)
    throw wsError(
      'INVALID_USER_CREDENTIALS',
      result.reason === 'locked' ? result.message : 'Invalid username or password',
    );
  // Two logins with the same token: only the first one gets a session.
  if (!matched.token || !(await ctx.deps.sessions.consumeChallenge(matched.token)))
    throw wsError('INVALID_AUTH_TOKEN', INVALID_TOKEN);
  await ctx.deps.store.users.recordLogin(user.id);
  ctx.deps.callers.forget(user.id);
  if (Date.now() - lastPurge > PURGE_EVERY_MS) {
    lastPurge = Date.now();
    await ctx.deps.sessions.purgeExpired();
  }
  return loginResult(user, await ctx.deps.sessions.create(user.id));
}
