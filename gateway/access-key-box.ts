// The box that seals users' access keys at rest (store/users/access-keys.ts), with the key that
// seals link secrets (gateway/caldav-bridge/secret-key.ts). On PostgreSQL without
// GATEWAY_SECRET_KEY there is no key every replica shares, so keys stay in clear (and the start
// warns) rather than lock the other replicas out.
import { SecretBox } from '../store/secrets.js';
import { loadSecretKey } from './caldav-bridge/secret-key.js';
import type { GatewayConfig } from './config.js';

export function accessKeyBox(
  config: Pick<GatewayConfig, 'secretKey' | 'databaseUrl' | 'dataDir'>,
): SecretBox | null {
  if (config.secretKey === null && config.databaseUrl !== null) return null;
  return new SecretBox(() => loadSecretKey(config));
}
