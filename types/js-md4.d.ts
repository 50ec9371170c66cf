// Declarations for js-md4 0.3 (no bundled types): MD4 (RFC 1320), which Node's OpenSSL 3 build no
// longer offers; the EWS sandbox needs it for the NT hash of MS-NLMP §3.3.2.
declare module 'js-md4' {
  type Input = string | ArrayBuffer | Uint8Array;
  interface Md4 {
    (message: Input): string;
    arrayBuffer(message: Input): ArrayBuffer;
  }
  const md4: Md4;
  export default md4;
}
