// The key that seals link secrets (store/secrets.ts). GATEWAY_SECRET_KEY when set;
// otherwise, for a single-machine install on SQLite, a random key kept in <data dir>/secret.key
// (created once, mode 0600) so the appliance works out of the box. With PostgreSQL several replicas
// share the rows, so each must have the same key: a generated per-machine file would lock the others
// out, and the start fails with a ConfigError naming the variable instead.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../../store/file-modes.js';
import { ConfigError, type GatewayConfig } from '../config.js';

export const KEY_FILE = 'secret.key';

export function loadSecretKey(
  config: Pick<GatewayConfig, 'secretKey' | 'databaseUrl' | 'dataDir'>,
): Buffer {
  if (config.secretKey !== null) return Buffer.from(config.secretKey, 'hex');
  if (config.databaseUrl !== null) {
    throw new ConfigError(
      'GATEWAY_SECRET_KEY',
      'required with GATEWAY_DATABASE_URL, so every replica opens the stored link secrets with the same key (openssl rand -base64 32)',
    );
  }
  const file = path.join(config.dataDir, KEY_FILE);
  try {
    return decode(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  ensurePrivateDir(config.dataDir);
  const key = randomBytes(32);
  try {
    // 'wx': never overwrite a key another process wrote a moment ago.
    writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return decode(readFileSync(file, 'utf8'), file);
    throw err;
  }
}

function decode(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new ConfigError('GATEWAY_SECRET_KEY', `${file} does not hold a 32-byte base64 key`);
  return key;
}
