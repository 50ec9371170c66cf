// Checks what an admin typed for an `ews` connection (README "Exchange bridge", EWS): the EWS
// endpoint as an absolute http(s) URL, a user name (`DOMAIN\user` or `user@domain`), a password,
// and NTLM or Basic. Basic sends the password in every request, so a plain-http URL is refused for
// it except on loopback (the sandbox); NTLM never sends the password itself (MS-NLMP §3.3.2).
import { GatewayError } from '../../store/errors.js';
import {
  EWS_AUTHS,
  type EwsAuth,
  type NewExchangeConnection,
} from '../../store/exchange/connection-repository.js';

export interface EwsConnectionInput {
  readonly name: string;
  readonly url?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly auth?: string | undefined;
  readonly impersonation?: boolean | undefined;
}

const bad = (message: string): GatewayError => new GatewayError('invalid_input', message);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function ewsUrl(value: string | undefined, auth: EwsAuth): string {
  const v = value?.trim() ?? '';
  if (v === '') throw bad('url is required (the EWS endpoint, https://HOST/EWS/Exchange.asmx)');
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw bad(`url: "${v}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('url: use an https URL');
  if (url.protocol === 'http:' && auth === 'basic' && !LOOPBACK.has(url.hostname))
    throw bad('url: Basic authentication sends the password in every request: use https');
  return url.href;
}

export function newEwsConnection(input: EwsConnectionInput): NewExchangeConnection {
  const auth = input.auth ?? '';
  if (!EWS_AUTHS.includes(auth as EwsAuth))
    throw bad(`auth "${auth}" is not known: use ${EWS_AUTHS.join(' or ')}`);
  const username = input.username?.trim() ?? '';
  if (username === '') throw bad('username is required');
  if (username.length > 256) throw bad('username is at most 256 characters');
  if (input.password === undefined || input.password === '') throw bad('a password is required');
  return {
    kind: 'ews',
    name: input.name,
    tenantId: '',
    clientId: '',
    graphUrl: '',
    loginUrl: '',
    ews: {
      url: ewsUrl(input.url, auth as EwsAuth),
      username,
      auth: auth as EwsAuth,
      impersonation: input.impersonation === true,
    },
    secrets: { password: input.password },
  };
}
