// Declarations for @ewsjs/ntlm-client 3.x (no bundled types; a CommonJS module, imported as its
// default): the NTLM negotiate (type 1), challenge (type 2) and authenticate (type 3) messages of
// MS-NLMP §2.2.1, each as the whole `NTLM <base64>` header value; NTLMv2 when the challenge asks
// for it, with the package's own MD4.
declare module '@ewsjs/ntlm-client' {
  export interface Type2Message {
    readonly flags: number;
    readonly encoding: 'ascii' | 'ucs2';
    readonly version: 1 | 2;
    readonly challenge: Buffer;
    readonly targetName: string;
  }
  interface NtlmClient {
    createType1Message(workstation?: string, target?: string): string;
    decodeType2Message(header: string): Type2Message;
    createType3Message(
      type2: Type2Message,
      username: string,
      password: string,
      workstation?: string,
      target?: string,
    ): string;
  }
  const ntlm: NtlmClient;
  export default ntlm;
}
