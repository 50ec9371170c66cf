// Password hashing with scrypt (RFC 7914) from node:crypto: memory-hard, no native add-on.
// Stored as `scrypt$N$r$p$salt$hash` (base64url) so parameters can be raised later.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let nothing: Promise<string> | null = null;

/**
 * Runs a full check against a hash no password matches, so that a user name which does not exist
 * (or has no local password) takes as long to refuse as a wrong password for a real one and the
 * answer time does not tell them apart (test/gateway/auth/timing.test.ts).
 */
export async function verifyNothing(password: string): Promise<false> {
  nothing ??= hashPassword(randomSecret(32));
  await verifyPassword(password, await nothing);
  return false;
}

/** A random secret for access keys and generated passwords (URL-safe, no look-alike padding). */
export function randomSecret(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}
