// Model hooks of the authorization code grant (RFC 6749 §4.1, PKCE RFC 7636). The library burns
// the code before it checks the PKCE verifier (5.3.0), so a wrong verifier costs the code. A
// code presented again is a replay: the tokens issued for it are revoked (RFC 6749 §4.1.2). The
// redirect_uri must equal the one of the authorization request (§4.1.3); a mismatch is
// invalid_grant (§5.2), checked after the burn so that guessing costs the code as well.
import OAuth2Server from '@node-oauth/oauth2-server';
import { scopeList } from '../scopes.js';
import { toScope } from '../../../store/oauth/tokens.js';
import {
  appOf,
  randomId,
  toLibraryClient,
  toLibraryUser,
  userOf,
  type GatewayModel,
  type ModelContext,
} from '../model-types.js';

type Hooks = Pick<
  GatewayModel,
  'saveAuthorizationCode' | 'getAuthorizationCode' | 'revokeAuthorizationCode'
>;

async function findCode(
  ctx: ModelContext,
  code: string,
): Promise<OAuth2Server.AuthorizationCode | false> {
  const { oauth, access } = ctx.deps;
  const record = await oauth.codes.findCode(code);
  if (!record) return false;
  if (record.used) {
    await oauth.tokens.revokeFamily(record.familyId);
    return false;
  }
  const app = await access.activeClient(record.clientId);
  const user = app ? await access.allowedUser(app, record.userId) : null;
  if (!app || !user) return false;
  ctx.family = record.familyId;
  return {
    authorizationCode: code,
    expiresAt: record.expiresAt,
    redirectUri: record.redirectUri,
    scope: scopeList(record.scope),
    client: toLibraryClient(app),
    user: toLibraryUser(user),
    ...(record.codeChallenge
      ? {
          codeChallenge: record.codeChallenge,
          codeChallengeMethod: record.codeChallengeMethod ?? 'S256',
        }
      : {}),
  };
}

export function authorizationCodeHooks(ctx: ModelContext): Hooks {
  const { oauth } = ctx.deps;
  return {
    saveAuthorizationCode: async (code, client, user) => {
      const scope = toScope((code.scope ?? []).join(' '));
      if (!scope) throw new OAuth2Server.InvalidScopeError('Invalid scope: no scope granted');
      await oauth.codes.saveCode({
        code: code.authorizationCode,
        clientId: appOf(client).id,
        userId: userOf(user).id,
        redirectUri: code.redirectUri,
        scope,
        codeChallenge: code.codeChallenge ?? null,
        codeChallengeMethod: code.codeChallengeMethod ?? null,
        familyId: randomId(),
        expiresAt: code.expiresAt,
      });
      return { ...code, client, user };
    },
    getAuthorizationCode: (code) => findCode(ctx, code),
    revokeAuthorizationCode: async (code) => {
      if (!(await oauth.codes.burnCode(code.authorizationCode))) {
        if (ctx.family) await oauth.tokens.revokeFamily(ctx.family);
        return false;
      }
      if ((ctx.body.redirect_uri ?? '') !== code.redirectUri) {
        throw new OAuth2Server.InvalidGrantError(
          'Invalid grant: `redirect_uri` differs from the authorization request',
        );
      }
      return true;
    },
  };
}
