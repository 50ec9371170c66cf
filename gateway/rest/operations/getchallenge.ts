// getchallenge (gateway/rest/README.md §2, AuthToken.php): a token for md5(token + accessKey),
// valid 300 s. Unlike vtiger, a new challenge does not cancel the user's other live ones, so
// parallel logins as one user no longer race into INVALID_AUTH_TOKEN (§8 "Auth"). An unknown user
// name gets a challenge of the same shape, which no login can use, so the answer does not tell
// which user names exist; vtiger's ACCESS_DENIED "username does not exists" only with
// GATEWAY_VTIGER_STRICT_COMPAT (README.md "Login lockout").
import type { OpContext } from '../deps.js';
import { issueDecoy } from '../decoy-challenges.js';
import { text } from '../params.js';
import { wsError } from '../ws-errors.js';

export async function getChallenge(ctx: OpContext): Promise<unknown> {
  const username = text(ctx.params, 'username').trim();
  if (username === '') throw wsError('ACCESS_DENIED', 'No username given');
  const user = await ctx.deps.store.users.findByUserName(username);
  if (!user) {
    if (ctx.deps.limits.vtigerStrictCompat)
      throw wsError('ACCESS_DENIED', 'username does not exists');
    return issueDecoy(username);
  }
  const challenge = await ctx.deps.sessions.issueChallenge(user.id);
  return {
    token: challenge.token,
    serverTime: challenge.serverTime,
    expireTime: challenge.expireTime,
  };
}
