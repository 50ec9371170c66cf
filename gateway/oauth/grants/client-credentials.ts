// Model hooks of the client credentials grant (RFC 6749 §4.4): a service account acts as the
// one CRM user it is associated with, whose visibility applies. The admin-user switch and the
// user's status are enforced here; no refresh token is ever issued (§4.4.3).
import OAuth2Server from '@node-oauth/oauth2-server';
import { appOf, toLibraryUser, type GatewayModel, type ModelContext } from '../model-types.js';

type Hooks = Pick<GatewayModel, 'getUserFromClient'>;

export function clientCredentialsHooks(ctx: ModelContext): Hooks {
  return {
    getUserFromClient: async (client) => {
      const app = appOf(client);
      if (app.type !== 'service') return false;
      const result = await ctx.deps.access.user(app, app.userId);
      if (result.refusal !== null)
        throw new OAuth2Server.UnauthorizedClientError(`Unauthorized client: ${result.refusal}`);
      return toLibraryUser(result.user);
    },
  };
}
