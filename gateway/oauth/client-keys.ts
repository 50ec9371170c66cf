// Key pairs of private_key_jwt applications (RFC 7523, RFC 7517/7638). The pair is generated
// after the application is saved; the gateway keeps the public JWK (kid = its RFC 7638
// thumbprint) and hands the private key out once, as PKCS#8 PEM and as a JWK, never storing it.
// ES256 keeps assertions small and is what openid-client signs with by default for EC keys.
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';

export const KEY_ALG = 'ES256';
/** Keys kept per application: the new one and the previous one, for rotation without downtime. */
export const KEYS_KEPT = 2;

export interface GeneratedKey {
  readonly kid: string;
  readonly alg: string;
  readonly publicJwk: Readonly<Record<string, unknown>>;
  readonly privateKeyPem: string;
  readonly privateKeyJwk: Readonly<Record<string, unknown>>;
}

export async function generateClientKey(): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateKeyPair(KEY_ALG, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const meta = { kid, alg: KEY_ALG, use: 'sig' };
  return {
    kid,
    alg: KEY_ALG,
    publicJwk: { ...jwk, ...meta },
    privateKeyPem: await exportPKCS8(privateKey),
    privateKeyJwk: { ...(await exportJWK(privateKey)), ...meta },
  };
}
