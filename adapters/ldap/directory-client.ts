// One conversation with the directory over ldapts: connect (LDAPS, or StartTLS per RFC 4511
// §4.14 before any bind), service bind, search, and the search-then-bind login of RFC 4513
// §5.1.3 where the user's password is checked by a simple bind on a second connection, so the
// service connection never changes identity.
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, ResultCodeError, type Entry } from 'ldapts';
import { GatewayError } from '../../store/errors.js';
import type { DirectoryConfig } from './directory-config.js';
import { adBindReason, directoryUnavailable, withDeadline } from './directory-errors.js';
import { toPerson, userAttributes, type DirectoryPerson } from './entry.js';
import { allUsersFilter, groupFilterFor, userFilterFor } from './filters.js';

export type UserLookup =
  | { readonly kind: 'one'; readonly person: DirectoryPerson }
  | { readonly kind: 'none' }
  | { readonly kind: 'many' };

export type PasswordCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const PAGE_SIZE = 500; // under AD's default MaxPageSize of 1000

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  /** host:port, for messages. */
  readonly where: string;
}

export function endpointOf(config: DirectoryConfig): Endpoint {
  const url = new URL(config.url);
  const secure = url.protocol === 'ldaps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : secure ? 636 : 389;
  return { host, port, secure, where: `${host}:${port}` };
}

/** TLS settings for LDAPS and StartTLS: the pinned CA, and SNI only for names (DEP0123). */
export function tlsOptionsFor(config: DirectoryConfig, host: string): ConnectionOptions {
  return {
    ...(config.caCert !== null ? { ca: config.caCert } : {}),
    rejectUnauthorized: config.rejectUnauthorized,
    ...(isIP(host) === 0 ? { servername: host } : {}),
  };
}

export class DirectorySession {
  private constructor(
    private readonly client: Client,
    readonly config: DirectoryConfig,
    readonly endpoint: Endpoint,
  ) {}

  /** Connects lazily (ldapts does on first use); with StartTLS the upgrade happens here. */
  static async open(config: DirectoryConfig): Promise<DirectorySession> {
    const endpoint = endpointOf(config);
    const tls = tlsOptionsFor(config, endpoint.host);
    // ldapts treats any tlsOptions as "connect with TLS", so they go only to ldaps:// URLs.
    const client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      ...(endpoint.secure ? { tlsOptions: tls } : {}),
    });
    const session = new DirectorySession(client, config, endpoint);
    if (config.startTls) {
      try {
        // The socket given to tls.connect carries no host name, so name the host for the
        // certificate check; our own deadline because the handshake has no ldapts timeout.
        await withDeadline(
          client.startTLS({ ...tls, host: endpoint.host }),
          config.timeoutMs,
          'StartTLS',
        );
      } catch (err) {
        await session.close();
        throw err;
      }
    }
    return session;
  }

  async bindService(): Promise<void> {
    const { bindDn, bindPassword } = this.config;
    if (bindDn === '') return; // anonymous search
    try {
      await this.client.bind(bindDn, bindPassword);
    } catch (err) {
      if (!(err instanceof InvalidCredentialsError)) throw err;
      const detail = adBindReason(err.message);
      throw new GatewayError(
        'unavailable',
        `the directory refused the service account ${bindDn}: wrong bind DN or password${detail ? ` (${detail})` : ''}`,
      );
    }
  }

  /** Simple bind as someone else on this connection: only for fresh, dedicated sessions. */
  async bindAs(dn: string, password: string): Promise<void> {
    await this.client.bind(dn, password);
  }

  /** The one entry for a login; sizeLimit 2 is enough to tell "exactly one" from "several". */
  async findUser(login: string): Promise<UserLookup> {
    const { searchEntries } = await this.client.search(this.config.userBase, {
      scope: 'sub',
      filter: userFilterFor(this.config, login),
      sizeLimit: 2,
      ...userAttributes(this.config),
    });
    const [first] = searchEntries;
    if (!first) return { kind: 'none' };
    if (searchEntries.length > 1) return { kind: 'many' };
    return { kind: 'one', person: toPerson(first, this.config) };
  }

  /** Group DNs of a user: memberOf values and/or a group search, without duplicates. */
  async groupsOf(person: DirectoryPerson): Promise<string[]> {
    const groups = new Map<string, string>();
    for (const dn of person.memberOf) groups.set(dn.toLowerCase(), dn);
    if (this.config.groupBase !== null) {
      const { searchEntries } = await this.client.search(this.config.groupBase, {
        scope: 'sub',
        filter: groupFilterFor(this.config, person.dn),
        attributes: ['1.1'],
        paged: { pageSize: PAGE_SIZE },
      });
      for (const e of searchEntries) groups.set(e.dn.toLowerCase(), e.dn);
    }
    return [...groups.values()];
  }

  /** Reads the base entry of a search base: proves it exists and the account may read it. */
  async readBase(base: string): Promise<void> {
    await this.client.search(base, { scope: 'base', attributes: ['1.1'] });
  }

  /** Every user under userBase matching the user filter, page by page (RFC 2696). */
  async *people(): AsyncGenerator<DirectoryPerson> {
    const pages = this.client.searchPaginated(this.config.userBase, {
      scope: 'sub',
      filter: allUsersFilter(this.config),
      paged: { pageSize: PAGE_SIZE },
      ...userAttributes(this.config),
    });
    for await (const page of pages) {
      for (const entry of page.searchEntries) yield toPerson(entry as Entry, this.config);
    }
  }

  async close(): Promise<void> {
    // unbind destroys the socket even when the server does not answer; bounded regardless.
    await withDeadline(this.client.unbind(), 1000, 'unbind').catch(() => undefined);
  }
}

/** Opens a session, binds the service account, runs fn, always unbinds; failures → 'unavailable'. */
export async function withServiceSession<T>(
  config: DirectoryConfig,
  fn: (s: DirectorySession) => Promise<T>,
): Promise<T> {
  let session: DirectorySession | null = null;
  try {
    session = await DirectorySession.open(config);
    await session.bindService();
    return await fn(session);
  } catch (err) {
    throw directoryUnavailable(err, endpointOf(config).where, config.timeoutMs);
  } finally {
    await session?.close();
  }
}

/**
 * Checks a user's password by a simple bind as the user's DN on a connection of its own.
 * Wrong credentials (code 49, with AD's sub-code when present) and refusals (code 53) are a
 * "no"; anything else is a directory problem and throws.
 */
export async function checkPassword(
  config: DirectoryConfig,
  dn: string,
  password: string,
): Promise<PasswordCheck> {
  // RFC 4513 §5.1.2: never let an empty password turn into an unauthenticated bind.
  if (password === '') return { ok: false, reason: 'empty password' };
  const session = await DirectorySession.open(config);
  try {
    await session.bindAs(dn, password);
    return { ok: true };
  } catch (err) {
    if (err instanceof InvalidCredentialsError)
      return { ok: false, reason: adBindReason(err.message) ?? 'wrong password' };
    if (err instanceof ResultCodeError && err.code === 53)
      return { ok: false, reason: `the directory refused the login: ${err.message}` };
    throw err;
  } finally {
    await session.close();
  }
}
