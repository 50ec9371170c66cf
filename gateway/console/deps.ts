// What the console's routes need, handed over by the composition root.
import type { ConsoleSessionRepository } from '../../store/console-sessions.js';
import type { Store } from '../../store/store.js';
import type { Actor, User } from '../../store/types.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { GatewayConfig } from '../config.js';
import type { OAuthDeps } from '../oauth/deps.js';
import type { WebformService } from '../webforms/service.js';
import type { ConsoleDirectory } from './directory-port.js';
import type { ConsoleSection } from './routes/sections.js';

export interface ConsoleDeps {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly sessions: ConsoleSessionRepository;
  readonly authenticator: Authenticator;
  readonly directory: ConsoleDirectory | null;
  readonly startedAt: Date;
  /** The authorization server: External applications, Linked applications and the consent page. */
  readonly oauth: OAuthDeps;
  /** The gateway's one webform service (shared with the intake and the jobs). */
  readonly webforms: WebformService;
  /** Pages registered by the bridges (their links), mounted after the console's own. */
  readonly sections?: readonly ConsoleSection[];
}

/** Per-request console state, set by the session middleware. */
export interface ConsoleState {
  user: User | null;
  actor: Actor | null;
  csrfToken: string;
  sessionToken: string | null;
}
