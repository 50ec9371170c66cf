// Password logins for every entry point (console, REST Basic auth, CalDAV): local users by
// their scrypt hash, directory users by a bind against LDAP/AD. Failures count per user name and
// per client address, and lock the key for a while after too many (login-throttle.ts). An
// unreachable directory never blocks local users, the administrator included.
import { GatewayError } from '../../store/errors.js';
import type { LoginThrottle } from '../../store/login-throttle.js';
import type { User } from '../../store/types.js';
import type { UserRepository } from '../../store/users/user-repository.js';

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

const INVALID: LoginResult = {
  ok: false,
  reason: 'invalid',
  message: 'Wrong user name or password',
};

export class Authenticator {
  constructor(
    private readonly users: UserRepository,
    private readonly throttle: LoginThrottle,
    private readonly directory: DirectoryLogin | null,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const name = username.trim();
    if (name === '' || password === '' || name.length > 256 || password.length > 1024)
      return INVALID;
    const keys = [`user:${name.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
    for (const key of keys) {
      const until = await this.throttle.lockedUntil(key);
      if (until)
        return {
          ok: false,
          reason: 'locked',
          message: `Too many failed logins; try again after ${until.slice(0, 16)} UTC`,
        };
    }
    const result = await this.check(name, password);
    if (result.ok) {
      await this.throttle.clear(keys[0] as string);
      await this.users.recordLogin(result.user.id);
    } else if (result.reason === 'invalid') {
      for (const key of keys) await this.throttle.recordFailure(key);
    }
    return result;
  }

  private async check(name: string, password: string): Promise<LoginResult> {
    const local = await this.users.findByUserName(name);
    if (local && local.authSource === 'local') {
      const user = await this.users.verifyPassword(name, password);
      return user ? { ok: true, user } : INVALID;
    }
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
