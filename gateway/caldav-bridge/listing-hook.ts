// Remote changes are pulled whenever the user's activities are listed through the gateway
// (gateway/caldav/README.md §5). The REST edge calls activitiesListed() after a query or retrieve
// of Events or Tasks; the running bridge registers what that does (ask for a pull, rate-limited per
// user). Without a bridge (tests of other edges, the command line) it does nothing, and it never
// delays the answer.
import type { Store } from '../../store/store.js';

const hooks = new WeakMap<Store, (userId: number) => Promise<void>>();

export const ACTIVITY_MODULES: ReadonlySet<string> = new Set(['Events', 'Calendar']);

export function onActivitiesListed(store: Store, hook: (userId: number) => Promise<void>): void {
  hooks.set(store, hook);
}

export function activitiesListed(store: Store, module: string, userId: number): void {
  const hook = ACTIVITY_MODULES.has(module) ? hooks.get(store) : undefined;
  if (hook) void hook(userId).catch(() => undefined);
}
