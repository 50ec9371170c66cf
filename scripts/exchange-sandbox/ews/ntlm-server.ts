// The server side of NTLM for the EWS double, with a real NTLMv2 check (MS-NLMP §3.3.2):
// NT hash = MD4(UTF-16LE(password)) (js-md4: OpenSSL 3 has no MD4), NTOWFv2 =
// HMAC-MD5(NT hash, UTF-16LE(UPPER(user) + domain)), and the client's NTProofStr must equal
// HMAC-MD5(NTOWFv2, server challenge + the client's blob). The challenge is remembered per
// socket: an AUTHENTICATE message on another connection than its CHALLENGE is refused, as IIS
// does (NTLM is connection-bound, MS-NLMP §1.3).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import md4 from 'js-md4';

const SIGNATURE = Buffer.from('NTLMSSP\0', 'ascii');
const FLAGS =
  0x00000001 | // NEGOTIATE_UNICODE
  0x00000004 | // REQUEST_TARGET
  0x00000200 | // NEGOTIATE_NTLM
  0x00008000 | // NEGOTIATE_ALWAYS_SIGN
  0x00080000 | // NEGOTIATE_EXTENDED_SESSIONSECURITY (NTLM2 key)
  0x00800000; // NEGOTIATE_TARGET_INFO

export const NTLM_DOMAIN = 'CONTOSO';

/** The type of an NTLM message (1, 2 or 3), or null when it is not one. */
export function messageType(buf: Buffer): number | null {
  if (buf.length < 12 || !buf.subarray(0, 8).equals(SIGNATURE)) return null;
  return buf.readUInt32LE(8);
}

/** A CHALLENGE message (MS-NLMP §2.2.1.2) for `challenge`, with the domain as target name and info. */
export function challengeMessage(challenge: Buffer): Buffer {
  const target = Buffer.from(NTLM_DOMAIN, 'utf16le');
  const avDomain = Buffer.alloc(4);
  avDomain.writeUInt16LE(2, 0); // MsvAvNbDomainName
  avDomain.writeUInt16LE(target.length, 2);
  const info = Buffer.concat([avDomain, target, Buffer.alloc(4)]); // + MsvAvEOL
  const head = Buffer.alloc(48);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(target.length, 12);
  head.writeUInt16LE(target.length, 14);
  head.writeUInt32LE(48, 16);
  head.writeUInt32LE(FLAGS, 20);
  challenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(48 + target.length, 44);
  return Buffer.concat([head, target, info]);
}

export const newChallenge = (): Buffer => randomBytes(8);

function field(buf: Buffer, at: number): Buffer {
  const length = buf.readUInt16LE(at);
  const offset = buf.readUInt32LE(at + 4);
  if (offset + length > buf.length) throw new Error('an NTLM field past the end of the message');
  return buf.subarray(offset, offset + length);
}

export interface Authenticate {
  readonly user: string;
  readonly domain: string;
  readonly ntResponse: Buffer;
}

/** Reads an AUTHENTICATE message (MS-NLMP §2.2.1.3); throws when it is malformed. */
export function readAuthenticate(buf: Buffer): Authenticate {
  if (messageType(buf) !== 3 || buf.length < 52)
    throw new Error('not an NTLM AUTHENTICATE message');
  return {
    ntResponse: field(buf, 20),
    domain: field(buf, 28).toString('utf16le'),
    user: field(buf, 36).toString('utf16le'),
  };
}

/** Whether the NTLMv2 response proves knowledge of `password` for this challenge. */
export function verifyNtlmV2(auth: Authenticate, password: string, challenge: Buffer): boolean {
  if (auth.ntResponse.length <= 24) return false; // an NTLMv1 answer: refused
  const ntHash = Buffer.from(md4.arrayBuffer(Buffer.from(password, 'utf16le')));
  const ntowf = createHmac('md5', ntHash)
    .update(Buffer.from(auth.user.toUpperCase() + auth.domain, 'utf16le'))
    .digest();
  const proof = auth.ntResponse.subarray(0, 16);
  const blob = auth.ntResponse.subarray(16);
  const expected = createHmac('md5', ntowf)
    .update(Buffer.concat([challenge, blob]))
    .digest();
  return timingSafeEqual(proof, expected);
}
