// Model hooks of the refresh token grant (RFC 6749 §6) with rotation (RFC 9700 §4.14.2): every
// use returns a new refresh token and retires the old one; presenting a retired one again means
// it leaked, so the whole family (every access and refresh token descended from the same grant)
// is revoked and the request fails with invalid_grant.
import { scopeList } from '../scopes.js';
import {
  toLibraryClient,
  toLibraryUser,
  type GatewayModel,
  type ModelContext,
} from '../model-types.js';

type Hooks = Pick<GatewayModel, 'getRefreshToken' | 'revokeToken'>;

export function refreshTokenHooks(ctx: ModelContext): Hooks {
  const { oauth, access } = ctx.deps;
  return {
    getRefreshToken: async (token) => {
      const record = await oauth.tokens.findRefresh(token);
      if (!record || record.revoked) return false;
      if (record.rotated) {
        await oauth.tokens.revokeFamily(record.familyId);
        return false;
      }
      const app = await access.activeClient(record.clientId);
      const user = app && app.offlineAccess ? await access.allowedUser(app, record.userId) : null;
      if (!app || !user) return false;
      ctx.family = record.familyId;
      return {
        refreshToken: token,
        refreshTokenExpiresAt: record.expiresAt,
        scope: scopeList(record.scope),
        client: toLibraryClient(app),
        user: toLibraryUser(user),
      };
    },
    // Called by the library before the new pair is issued; a lost race counts as reuse.
    revokeToken: async (token) => (await oauth.tokens.rotate(token.refreshToken)) === 'rotated',
  };
}
