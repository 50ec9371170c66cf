// The authorization server's repositories over one knex, built the same way by the composition
// root, the command line and tests.
import type { Knex } from 'knex';
import { OAuthClientRepository } from './clients.js';
import { OAuthCodeRepository } from './codes.js';
import { OAuthGuardRepository } from './guards.js';
import { OAuthTokenRepository } from './tokens.js';

export interface OAuthStore {
  readonly clients: OAuthClientRepository;
  readonly codes: OAuthCodeRepository;
  readonly tokens: OAuthTokenRepository;
  readonly guards: OAuthGuardRepository;
}

export function createOAuthStore(knex: Knex): OAuthStore {
  return {
    clients: new OAuthClientRepository(knex),
    codes: new OAuthCodeRepository(knex),
    tokens: new OAuthTokenRepository(knex),
    guards: new OAuthGuardRepository(knex),
  };
}
