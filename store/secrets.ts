// Link credentials at rest: AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per value and the
// 128-bit tag checked on open, so a wrong key or an edited row fails loudly instead of yielding
// garbage. The link id is bound as additional data: a secret copied onto another link won't open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { GatewayError } from './errors.js';

const VERSION = 'v1';

export class SecretBox {
  private loaded: Buffer | null = null;

  /** A function defers loading (or generating) the key to the first secret sealed or opened. */
  constructor(private readonly source: Buffer | (() => Buffer)) {}

  private get key(): Buffer {
    this.loaded ??= typeof this.source === 'function' ? this.source() : this.source;
    if (this.loaded.length !== 32)
      throw new GatewayError('invalid_input', 'the secret key must be 32 bytes (AES-256)');
    return this.loaded;
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      data.toString('base64'),
    ].join(':');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
      throw new GatewayError('internal', 'stored link secrets are not in the expected format');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new GatewayError(
        'internal',
        'cannot decrypt the link secrets: the secret key (GATEWAY_SECRET_KEY) differs from the one they were stored with',
      );
    }
  }
}
