// The one check of a user's secret for every entry point: the console form (password), the
// webservice login (a proof of the access key), vtenext REST and CalDAV Basic (access key or
// password), the CommerceML exchange (access key). Local users prove a password by their scrypt
// hash, directory users by a bind against LDAP/AD; an unreachable directory never blocks local
// users, the administrator included.
//
// One lockout policy, whatever the interface (README.md "Login lockout", store/login-throttle.ts,
// pinned by test/gateway/auth/one-lockout.test.ts and authenticator.test.ts):
// - failures lock a (user name, client address) pair, and past a higher limit a client address
//   across user names, never a user name as such: failures from elsewhere cannot shut the owner
//   out;
// - password failures and access-key failures are counted apart ("password:" and "key:" keys),
//   so guessed passwords never lock an integration's access key; a wrong secret counts as a
//   password failure where a password could have passed (the console, CalDAV, and vtenext REST
//   with a directory on), else as a key failure; where one kind is locked only the other is
//   checked, and a wrong secret there is answered as locked;
// - every failure, locked or not, adds to the user name's own count ("user:"), which never locks
//   but delays the next attempts on that name, growing and capped, from any address that has not
//   logged in as that user recently (store/login-addresses.ts);
// - a right secret clears the failures of its pair (not of the address, so one good account
//   cannot unlock an address that is guessing others, nor of the user name, which would let one
//   frequent good client reset the slowdown of a flood);
// - a user name that is empty or too long is refused without counting, and an unreachable
//   directory is neither a failure nor a success.
import { GatewayError } from '../../store/errors.js';
import type { LoginAddresses } from '../../store/login-addresses.js';
import type { KeyState, LoginThrottle } from '../../store/login-throttle.js';
import { verifyNothing } from '../../store/passwords.js';
import type { User } from '../../store/types.js';
import type { UserRepository } from '../../store/users/user-repository.js';
import { sameSecret } from './credentials.js';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

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

/** The two secrets, counted apart. */
type Kind = 'password' | 'key';

/** A check's answer and the kind of secret that passed (or was last tried). */
interface Checked {
  readonly result: LoginResult;
  readonly kind: Kind;
}

/** How failures on a user name slow the next attempts (README.md "Login lockout"). */
export interface SlowdownPolicy {
  /** Failures on a user name (all addresses) before attempts on it are delayed. */
  readonly freeFailures: number;
  /** The first delay; each further failure doubles it. 0 turns the slowdown off. */
  readonly stepMs: number;
  readonly maxDelayMs: number;
  /** How long a success from an address exempts it from the slowdown of that user. */
  readonly trustedMs: number;
}

export interface AuthenticatorOptions extends SlowdownPolicy {
  readonly addresses: LoginAddresses;
  /** Failures of one kind from an address, over all user names, that lock the address. */
  readonly addressMaxFailures: number;
  /** Waits without blocking; tests pass a recorder. */
  readonly wait?: (ms: number) => Promise<unknown>;
  /** Told when a failure locks a user name (Web Push's security notice, gateway/push/README.md §5). */
  readonly onLocked?: (lock: UserLock) => void;
  /** Told after each successful login (Web Push's idle rule, gateway/push/README.md §4). */
  readonly onSuccess?: (user: User) => void;
}

export interface UserLock {
  readonly userName: string;
  readonly ip: string | null;
  readonly until: string;
}

const INVALID: LoginResult = {
  ok: false,
  reason: 'invalid',
  message: 'Wrong user name or password',
};

const MAX_NAME = 256;
const MAX_SECRET = 1024;

function lockedResult(until: string): LoginResult {
  return {
    ok: false,
    reason: 'locked',
    message: `Too many failed logins; try again after ${until.slice(0, 16)} UTC`,
  };
}

/**
 * The user name as the lockout keys it: lower-cased, and hashed when longer than any real user
 * name (64, store/users/user-repository.ts) so every key fits its column (200 characters).
 */
function lockoutName(name: string): string {
  const lower = name.toLowerCase();
  return lower.length <= 64 ? lower : `sha256:${createHash('sha256').update(lower).digest('hex')}`;
}

/** The delay before an attempt on a user name with `failures` failures in the window. */
export function slowdownMs(failures: number, policy: SlowdownPolicy): number {
  if (policy.stepMs === 0 || failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.maxDelayMs, policy.stepMs * 2 ** doublings);
}

export class Authenticator {
  private readonly wait: (ms: number) => Promise<unknown>;

  constructor(
    private readonly users: UserRepository,
    private readonly throttle: LoginThrottle,
    private readonly directory: DirectoryLogin | null,
    private readonly options: AuthenticatorOptions,
  ) {
    this.wait = options.wait ?? ((ms) => sleep(ms));
  }

  /** A secret sent in clear: a password, or an access key where `accepts` allows one. */
  async loginWithSecret(
    userName: string,
    secret: string,
    ip: string | null,
    accepts: AcceptedSecrets,
  ): Promise<LoginResult> {
    const kinds: Kind[] = [];
    if (accepts.accessKey) kinds.push('key');
    if ((await this.takesPasswords(accepts)) || kinds.length === 0) kinds.push('password');
    return this.guarded(userName.trim(), ip, kinds, accepts, (name, open) =>
      secret === '' || secret.length > MAX_SECRET
        ? Promise.resolve({ result: INVALID, kind: open.includes('password') ? 'password' : 'key' })
        : this.checkSecret(name, secret, {
            ...accepts,
            accessKey: accepts.accessKey && open.includes('key'),
            password: open.includes('password') ? accepts.password : 'none',
          }),
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
    return this.guarded(user.userName, ip, ['key'], options, async () => ({
      result: (await proves(user)) && user.status === 'Active' ? { ok: true, user } : INVALID,
      kind: 'key',
    }));
  }

  /** Whether a password could pass here: directory passwords only count with a directory on. */
  private async takesPasswords(accepts: AcceptedSecrets): Promise<boolean> {
    if (accepts.password === 'all') return true;
    if (accepts.password === 'none' || !this.directory) return false;
    return this.directory.enabled();
  }

  private async guarded(
    name: string,
    ip: string | null,
    kinds: readonly Kind[],
    options: LoginOptions,
    check: (name: string, open: readonly Kind[]) => Promise<Checked>,
  ): Promise<LoginResult> {
    if (name === '' || name.length > MAX_NAME) return INVALID;
    const lower = lockoutName(name);
    const userKey = `user:${lower}`;
    const pairKey = (kind: Kind): string => `${kind}:${lower}|${ip ?? '-'}`;
    const lockKeys = (kind: Kind): string[] => [pairKey(kind), ...(ip ? [`ip:${kind}:${ip}`] : [])];
    const [userState, ...states] = await this.throttle.states([
      userKey,
      ...kinds.flatMap(lockKeys),
    ]);
    const lastSuccess = ip ? await this.options.addresses.lastSuccess(lower, ip) : null;
    const trusted = lastSuccess !== null && Date.now() - lastSuccess < this.options.trustedMs;
    const delay = trusted ? 0 : slowdownMs(userState?.failures ?? 0, this.options);
    if (delay > 0) await this.wait(delay);
    const lockOf = (kind: Kind): KeyState | undefined =>
      states.find((s) => lockKeys(kind).includes(s.key) && s.lockedUntil !== null);
    const open = kinds.filter((kind) => !lockOf(kind));
    const lock = kinds.map(lockOf).find((s) => s !== undefined);
    if (open.length === 0) {
      await this.throttle.recordFailure(userKey, null);
      return lockedResult(lock?.lockedUntil ?? '');
    }
    const { result, kind } = await check(name, open);
    if (result.ok) {
      // Only the kind that passed: a right access key must not reopen password guessing. Only a
      // key with failures on record is written, so a good request costs no write.
      const pair = pairKey(kind);
      if (states.some((s) => s.key === pair && s.failures > 0)) await this.throttle.clear([pair]);
      if (ip) await this.options.addresses.remember(lower, ip, lastSuccess);
      if (options.recordLogin) await this.users.recordLogin(result.user.id);
      this.options.onSuccess?.(result.user);
      return result;
    }
    if (result.reason !== 'invalid') return result;
    await this.throttle.recordFailure(userKey, null);
    await this.throttle.recordFailure(pairKey(kind));
    if (ip) await this.throttle.recordFailure(`ip:${kind}:${ip}`, this.options.addressMaxFailures);
    if (this.options.onLocked) {
      // The kind was open before this failure (else it would not have been checked).
      const [after] = await this.throttle.states([pairKey(kind)]);
      if (after?.lockedUntil)
        this.options.onLocked({ userName: name, ip, until: after.lockedUntil });
    }
    // A secret that only one kind could be checked against may be the other, locked one.
    return lock ? lockedResult(lock.lockedUntil ?? '') : result;
  }

  private async checkSecret(
    name: string,
    secret: string,
    accepts: AcceptedSecrets,
  ): Promise<Checked> {
    const known = await this.users.findByUserName(name);
    if (accepts.accessKey && known?.status === 'Active' && sameSecret(secret, known.accessKey))
      return { result: { ok: true, user: known }, kind: 'key' };
    if (accepts.password === 'none') return { result: INVALID, kind: 'key' };
    return { result: await this.checkPassword(name, known, secret, accepts), kind: 'password' };
  }

  private async checkPassword(
    name: string,
    known: User | null,
    secret: string,
    accepts: AcceptedSecrets,
  ): Promise<LoginResult> {
    if (known && known.authSource === 'local') {
      if (accepts.password === 'all') {
        const user = await this.users.verifyPassword(name, secret);
        return user ? { ok: true, user } : INVALID;
      }
    } else if (this.directory && (await this.directory.enabled())) {
      return this.checkDirectory(this.directory, name, secret);
    }
    // No password to check: as slow as a wrong one, so the time does not tell who exists.
    return verifyNothing(secret).then(() => INVALID);
  }

  private async checkDirectory(
    directory: DirectoryLogin,
    name: string,
    password: string,
  ): Promise<LoginResult> {
    try {
      const user = await directory.authenticate(name, password);
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
