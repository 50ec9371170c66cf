// The one check of a user's secret for every entry point: the console form (password), the
// webservice login (a proof of the access key), vtenext REST and CalDAV Basic (access key or
// password), the CommerceML exchange (access key). Local users prove a password by their scrypt
// hash, directory users by a bind against LDAP/AD; an unreachable directory never blocks local
// users, the administrator included.
//
// One lockout policy, whatever the interface (store/login-throttle.ts, pinned by
// test/gateway/auth/one-lockout.test.ts):
// - a locked user name or client address is refused before any secret is looked at, even the
//   right one, and nothing more is counted while locked;
// - a wrong secret for a well-formed user name counts once against the name and once against the
//   address; a user name that is empty or too long is refused without counting;
// - a right secret clears the failures of the user name (not of the address, so one good account
//   cannot unlock an address that is guessing others);
// - an unreachable directory is neither a failure nor a success.
import { GatewayError } from '../../store/errors.js';
import type { LoginThrottle } from '../../store/login-throttle.js';
import type { User } from '../../store/types.js';
import type { UserRepository } from '../../store/users/user-repository.js';
import { sameSecret } from './credentials.js';

export interface DirectoryLogin {
  /** Whether directory logins are configured and enabled. */
  enabled(): Promise<boolean>;
  /** The gateway user on success, null on wrong credentials; throws `unavailable` when unreachable. */
  authenticate(username: string, password: string): Promise<User | null>;
}

export type LoginResult =
  | { readonly ok: true; readonly user: User }
  | {
      readonly ok: false;
      readonly reason: 'invalid' | 'locked' | 'unavailable';
      readonly message: string;
    };

export interface LoginOptions {
  /** Stamps the user's last login: where a session opens, not on every Basic request. */
  readonly recordLogin?: boolean;
}

/** Which secrets an entry point takes; each edge keeps what its protocol carries. */
export interface AcceptedSecrets extends LoginOptions {
  /** The user's access key, sent as is. */
  readonly accessKey: boolean;
  /** Passwords of every user, of directory users only, or none. */
  readonly password: 'all' | 'directory' | 'none';
}

const INVALID: LoginResult = {
  ok: false,
  reason: 'invalid',
  message: 'Wrong user name or password',
};

const MAX_NAME = 256;
const MAX_SECRET = 1024;

export class Authenticator {
  constructor(
    private readonly users: UserRepository,
    private readonly throttle: LoginThrottle,
    private readonly directory: DirectoryLogin | null,
  ) {}

  /** A secret sent in clear: a password, or an access key where `accepts` allows one. */
  loginWithSecret(
    userName: string,
    secret: string,
    ip: string | null,
    accepts: AcceptedSecrets,
  ): Promise<LoginResult> {
    return this.guarded(userName.trim(), ip, accepts, (name) =>
      secret === '' || secret.length > MAX_SECRET
        ? Promise.resolve(INVALID)
        : this.checkSecret(name, secret, accepts),
    );
  }

  /**
   * A proof the caller checks against the user (the webservice login's md5 of a challenge and the
   * access key). Errors `proves` throws pass through uncounted; an inactive user never passes.
   */
  loginWithProof(
    user: User,
    ip: string | null,
    proves: (user: User) => Promise<boolean>,
    options: LoginOptions = {},
  ): Promise<LoginResult> {
    return this.guarded(user.userName, ip, options, async () =>
      (await proves(user)) && user.status === 'Active' ? { ok: true, user } : INVALID,
    );
  }

  private async guarded(
    name: string,
    ip: string | null,
    options: LoginOptions,
    check: (name: string) => Promise<LoginResult>,
  ): Promise<LoginResult> {
    if (name === '' || name.length > MAX_NAME) return INVALID;
    const keys = [`user:${name.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
    const states = await this.throttle.states(keys);
    const locked = states.find((s) => s.lockedUntil !== null);
    if (locked?.lockedUntil)
      return {
        ok: false,
        reason: 'locked',
        message: `Too many failed logins; try again after ${locked.lockedUntil.slice(0, 16)} UTC`,
      };
    const result = await check(name);
    if (result.ok) {
      // Only a key with failures on record is written, so a good request costs no write.
      if ((states[0]?.failures ?? 0) > 0) await this.throttle.clear(keys[0] as string);
      if (options.recordLogin) await this.users.recordLogin(result.user.id);
    } else if (result.reason === 'invalid') {
      for (const key of keys) await this.throttle.recordFailure(key);
    }
    return result;
  }

  private async checkSecret(
    name: string,
    secret: string,
    accepts: AcceptedSecrets,
  ): Promise<LoginResult> {
    const known = await this.users.findByUserName(name);
    if (accepts.accessKey && known?.status === 'Active' && sameSecret(secret, known.accessKey))
      return { ok: true, user: known };
    if (accepts.password === 'none') return INVALID;
    if (known && known.authSource === 'local') {
      if (accepts.password !== 'all') return INVALID;
      const user = await this.users.verifyPassword(name, secret);
      return user ? { ok: true, user } : INVALID;
    }
    return this.checkDirectory(name, secret);
  }

  private async checkDirectory(name: string, password: string): Promise<LoginResult> {
    if (!this.directory || !(await this.directory.enabled())) return INVALID;
    try {
      const user = await this.directory.authenticate(name, password);
      return user && user.status === 'Active' ? { ok: true, user } : INVALID;
    } catch (err) {
      if (err instanceof GatewayError && err.kind === 'unavailable') {
        return {
          ok: false,
          reason: 'unavailable',
          message: `The directory cannot be reached: ${err.message}`,
        };
      }
      throw err;
    }
  }
}
