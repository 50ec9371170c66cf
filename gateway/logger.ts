// Structured logs (pino) with secrets redacted wherever they may appear: credentials in
// headers, passwords and keys in logged objects.
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';
import { serializeError } from './log-redaction.js';

export type { Logger };

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'accessKey',
  'secret',
  'token',
  '*.password',
  '*.accessKey',
  '*.access_key',
  '*.secret',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'gateway' },
    // Logged errors lose quoted values and are capped (log-redaction.ts).
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
