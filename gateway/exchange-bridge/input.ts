// Checks what an admin typed for a connection or a link before anything is stored: known kind,
// non-empty ids, exactly one credential, absolute http(s) base URLs, a mailbox address.
import { GatewayError } from '../../store/errors.js';
import {
  CONNECTION_KINDS,
  type ConnectionKind,
  type NewExchangeConnection,
} from '../../store/exchange/connection-repository.js';
import type { NewExchangeLink } from '../../store/exchange/link-repository.js';
import { newEwsConnection } from './ews-input.js';

export interface ConnectionInput {
  readonly kind?: string | undefined;
  readonly name?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly certificatePem?: string | undefined;
  readonly graphUrl?: string | undefined;
  readonly loginUrl?: string | undefined;
  /** Kind `ews` only (ews-input.ts). */
  readonly url?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly auth?: string | undefined;
  readonly impersonation?: boolean | undefined;
}

export interface LinkInput {
  readonly userId: number;
  readonly connectionId: number;
  readonly mailbox?: string | undefined;
  readonly tasks?: boolean;
  readonly contacts?: boolean;
}

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

const bad = (message: string): GatewayError => new GatewayError('invalid_input', message);

function required(value: string | undefined, name: string): string {
  const v = value?.trim() ?? '';
  if (v === '') throw bad(`${name} is required`);
  if (v.length > 200) throw bad(`${name} is at most 200 characters`);
  return v;
}

function baseUrl(value: string | undefined, fallback: string, name: string): string {
  const v = value ?? fallback;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw bad(`${name}: "${v}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`${name}: use an https URL`);
  return url.href.replace(/\/+$/, '');
}

export function newConnection(input: ConnectionInput): NewExchangeConnection {
  const kind = input.kind ?? 'graph';
  if (!CONNECTION_KINDS.includes(kind as ConnectionKind))
    throw bad(`kind "${kind}" is not known: use ${CONNECTION_KINDS.join(', ')}`);
  if (kind === 'ews') return newEwsConnection({ ...input, name: required(input.name, 'name') });
  const hasSecret = input.clientSecret !== undefined;
  const hasCert = input.certificatePem !== undefined;
  if (hasSecret === hasCert) throw bad('give exactly one of a client secret and a certificate');
  if (hasCert && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(input.certificatePem ?? ''))
    throw bad('the certificate file must hold the private key too (PEM)');
  if (hasCert && !/-----BEGIN CERTIFICATE-----/.test(input.certificatePem ?? ''))
    throw bad('the certificate file must hold the certificate (PEM)');
  return {
    kind: kind as ConnectionKind,
    name: required(input.name, 'name'),
    tenantId: required(input.tenantId, 'tenant id'),
    clientId: required(input.clientId, 'client id'),
    graphUrl: baseUrl(input.graphUrl, DEFAULT_GRAPH_URL, 'graph URL'),
    loginUrl: baseUrl(input.loginUrl, DEFAULT_LOGIN_URL, 'login URL'),
    secrets: hasSecret
      ? { clientSecret: input.clientSecret as string }
      : { certificatePem: input.certificatePem as string },
  };
}

export function newExchangeLink(input: LinkInput, kind: string): NewExchangeLink {
  const mailbox = required(input.mailbox, 'mailbox').toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailbox))
    throw bad(`"${mailbox}" is not a mailbox address`);
  return {
    userId: input.userId,
    connectionId: input.connectionId,
    kind,
    mailbox,
    tasks: input.tasks ?? true,
    contacts: input.contacts ?? true,
  };
}
