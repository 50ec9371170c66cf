// Directory login (LDAP / Active Directory) for the whole gateway: settings, connection test,
// search-then-bind login (RFC 4513 §5.1.3) that creates or refreshes the gateway user, and the
// periodic sync job. The settings are read from the store on every call, so a change made
// from the command line applies to a running server at once.
import { GatewayError } from '../../store/errors.js';
import type { Job } from '../../store/jobs/job-repository.js';
import type { JobWorker } from '../../store/jobs/worker.js';
import type { Store } from '../../store/store.js';
import type { User } from '../../store/types.js';
import { applyPerson } from './apply-person.js';
import type { DirectoryConfig, DirectoryPreset } from './directory-config.js';
import { checkPassword, withServiceSession, type DirectorySession } from './directory-client.js';
import {
  loadDirectoryConfig,
  mergeDirectoryConfig,
  publicView,
  saveDirectoryConfig,
  type DirectoryConfigInput,
  type PublicDirectoryConfig,
} from './directory-settings.js';
import { runDirectorySync, type DirectorySyncReport } from './directory-sync.js';
import { runDirectoryTest, type DirectoryTestReport } from './directory-test.js';
import type { DirectoryPerson } from './entry.js';
import { loginInputProblem, MAX_LOGIN_LENGTH } from './filters.js';

export interface DirectoryServiceOptions {
  /** Why a directory login was refused, in plain words (never the password), for the log. */
  readonly log?: (message: string, details: Readonly<Record<string, unknown>>) => void;
}

type Verified =
  | { readonly ok: true; readonly person: DirectoryPerson; readonly groups: string[] }
  | { readonly ok: false; readonly reason: string };

export class DirectoryService {
  constructor(
    private readonly store: Store,
    private readonly options: DirectoryServiceOptions = {},
  ) {}

  /** The settings, bind password included: for the adapter, never for display. */
  async config(): Promise<DirectoryConfig> {
    return loadDirectoryConfig(this.store.settings);
  }

  /** The settings for display: the bind password masked. */
  async publicConfig(): Promise<PublicDirectoryConfig> {
    return publicView(await this.config());
  }

  async enabled(): Promise<boolean> {
    return (await this.config()).enabled;
  }

  /** Applies a preset (if any), then the change; validates and saves. invalid_input names the setting. */
  async configure(
    change: DirectoryConfigInput,
    preset?: DirectoryPreset,
  ): Promise<PublicDirectoryConfig> {
    const next = mergeDirectoryConfig(await this.config(), change, preset);
    await saveDirectoryConfig(this.store.settings, next);
    return publicView(next);
  }

  /** Connect, TLS, service bind, user base readable and, given a login, that user's lookup. */
  async test(sampleUser?: string): Promise<DirectoryTestReport> {
    const config = await this.config();
    if (config.url === '')
      return {
        ok: false,
        steps: [{ step: 'connect', ok: false, message: 'no directory URL configured' }],
      };
    return runDirectoryTest(config, sampleUser);
  }

  /**
   * The gateway user for a directory login, created at the first login and refreshed at every
   * later one; null for wrong credentials, unknown or ambiguous users and inactive accounts.
   * Throws GatewayError('unavailable') when the directory cannot be used, so callers can
   * still let local users in.
   */
  async authenticate(username: string, password: string): Promise<User | null> {
    const config = await this.config();
    if (!config.enabled) return null;
    const refused = loginInputProblem(username, password);
    if (refused !== null) return this.refuse(username, refused);
    const verified = await withServiceSession(config, (s) => this.verify(s, username, password));
    if (!verified.ok) return this.refuse(username, verified.reason);
    const outcome = await applyPerson(this.store, config, verified.person, verified.groups);
    if (outcome.kind === 'refused') return this.refuse(username, outcome.reason);
    if (outcome.user.status !== 'Active')
      return this.refuse(username, 'the gateway account is deactivated');
    return outcome.user;
  }

  /** Reads every directory user into the gateway; deactivates ldap users no longer there. */
  async sync(signal?: AbortSignal): Promise<DirectorySyncReport> {
    const config = await this.config();
    if (!config.enabled)
      throw new GatewayError(
        'invalid_input',
        'directory login is disabled; enable it with `directory configure` first',
      );
    return runDirectorySync(this.store, config, signal);
  }

  private async verify(
    session: DirectorySession,
    username: string,
    password: string,
  ): Promise<Verified> {
    const lookup = await session.findUser(username);
    if (lookup.kind === 'none') return { ok: false, reason: 'no such user in the directory' };
    if (lookup.kind === 'many')
      return {
        ok: false,
        reason:
          'the user name matches more than one directory entry (make the user filter more specific)',
      };
    const check = await checkPassword(session.config, lookup.person.dn, password);
    if (!check.ok) return { ok: false, reason: check.reason };
    return { ok: true, person: lookup.person, groups: await session.groupsOf(lookup.person) };
  }

  private refuse(username: string, reason: string): null {
    this.options.log?.('directory login refused', {
      username: username.slice(0, MAX_LOGIN_LENGTH),
      reason,
    });
    return null;
  }
}

/**
 * Declares the 'directory.sync' job. It runs on every interval; while directory login is
 * disabled it returns at once, so enabling it later needs no restart.
 */
export function registerDirectorySync(
  worker: JobWorker,
  service: DirectoryService,
  intervalSeconds: number,
): Promise<Job> {
  return worker.register(
    {
      name: 'directory.sync',
      description:
        'Reads all users from the LDAP / Active Directory server: adds new ones, updates names, e-mail and group memberships, and deactivates users removed from the directory',
      schedule: { kind: 'interval', seconds: intervalSeconds },
    },
    async ({ signal }) => {
      if (!(await service.enabled())) return;
      await service.sync(signal);
    },
  );
}
